"""Accounts: password hashing (argon2id), API tokens, and the checks every login goes through.

Passwords are hashed with argon2-cffi's ``PasswordHasher`` (argon2id, its default parameters,
rehashed on login when those defaults grow). API tokens are 256-bit random strings shown once;
the database keeps their SHA-256 only, which is safe for values this random and lets a request
be authenticated with one indexed lookup. The store (``Store.users``) keeps users and token
hashes; this module decides what is valid.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from rasd.errors import AuthError
from rasd.model import ROLES, User
MIN_PASSWORD = 10
#: the account that ``RASD_API_TOKEN`` (the setting of earlier versions) is a token of
ENV_TOKEN_USER = "api"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_hasher = PasswordHasher()


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise AuthError(f"user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    """An argon2id hash of a password that is long enough (else AuthError says how long)."""
    if len(password or "") < MIN_PASSWORD:
        raise AuthError(f"password too short: use at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (False for an account without a password)."""
    if not stored_hash:
        _hasher.hash("dummy password")  # as slow as a real check: timing does not tell accounts apart
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def new_token() -> str:
    """A fresh API token: shown once to its owner, stored only as ``token_hash``."""
    return "rasd_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def password_fingerprint(stored_hash: str | None) -> str:
    """A short digest of the password hash: sessions carry it, so a new password ends them all."""
    return hashlib.sha256((stored_hash or "").encode("utf-8")).hexdigest()[:16]


def require(user: User | None, role: str, action: str) -> User:
    """``user`` if it holds ``role``; else AuthError saying who may ``action``."""
    if user is None:
        raise AuthError(f"log in to {action}")
    if not user.can(role):
        raise AuthError(f"{user.name} is a {user.role}; only an {role} or above may {action}")
    return user
