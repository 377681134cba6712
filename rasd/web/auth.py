"""Who is asking: signed session cookies, API tokens, CSRF tokens and the login throttle.

A browser logs in at ``/login`` and gets a session cookie signed with itsdangerous (HttpOnly,
SameSite=Lax, Secure over https, expiring after ``session_hours``) holding the user's id, a
random nonce and a fingerprint of the password hash, so a new password ends every session.
Scripts send ``Authorization: Bearer <token>`` (``rasd users token``). Every form post (and
every ``fetch`` the pages make) carries a CSRF token, an HMAC of the session's nonce, except
requests authenticated by a bearer token, which a browser never sends on its own. Failed logins
are counted per account and per address; past the limit, logins wait.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from rasd import accounts
from rasd.errors import AuthError
from rasd.model import User
from rasd.settings import Settings
from rasd.store import Store
from rasd.web.ratelimit import RateLimiter

SESSION_COOKIE = "rasd_session"
PRE_COOKIE = "rasd_pre"  # a nonce for the login form's CSRF token, before any session exists
CSRF_HEADER = "x-csrf-token"
LOGIN_WINDOW = 15 * 60.0
FORM_MAX_BYTES = 64_000


@dataclass
class Identity:
    """A request's user (None: anonymous) and how it proved it."""

    user: User | None
    nonce: str | None = None  # the session's, when it came by cookie
    by_token: bool = False


class Auth:
    """Sessions, tokens and throttles of one app (``app.state.auth``)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        secret = store.users.secret("session")
        self._store = store
        self._signer = URLSafeTimedSerializer(secret, salt="rasd-session")
        self._csrf_key = hashlib.sha256(("csrf:" + secret).encode()).digest()
        self.max_age = int(settings.session_hours * 3600)
        self.require_login = settings.require_login
        self.per_account = RateLimiter(settings.login_failures, LOGIN_WINDOW)
        self.per_address = RateLimiter(settings.login_failures * 4, LOGIN_WINDOW)

    # -- sessions -------------------------------------------------------------------------

    def session_value(self, user: User, password_hash: str | None) -> str:
        return self._signer.dumps({"u": user.id, "n": secrets.token_urlsafe(16),
                                   "p": accounts.password_fingerprint(password_hash)})

    def _from_cookie(self, value: str) -> Identity | None:
        try:
            data = self._signer.loads(value, max_age=self.max_age)
        except BadSignature:  # forged, altered or expired
            return None
        found = self._store.users.by_id(int(data.get("u", -1)))
        if found is None or not hmac.compare_digest(data.get("p", ""), accounts.password_fingerprint(found[1])):
            return None
        return Identity(found[0], nonce=str(data.get("n", "")))

    def identify(self, request: Request) -> Identity:
        """The request's user, worked out once per request."""
        known = getattr(request.state, "identity", None)
        if known is not None:
            return known
        identity = Identity(None)
        bearer = request.headers.get("authorization", "")
        if bearer.lower().startswith("bearer "):
            user = self._store.users.token_user(accounts.token_hash(bearer[7:]))
            identity = Identity(user, by_token=user is not None)
        elif SESSION_COOKIE in request.cookies:
            identity = self._from_cookie(request.cookies[SESSION_COOKIE]) or identity
        request.state.identity = identity
        return identity

    # -- CSRF -----------------------------------------------------------------------------

    def csrf_token(self, request: Request) -> str:
        """The token forms carry: bound to the session, or before login to a cookie nonce."""
        nonce = self.identify(request).nonce or request.cookies.get(PRE_COOKIE)
        if not nonce:
            nonce = request.state.new_pre_nonce = secrets.token_urlsafe(16)
        return hmac.new(self._csrf_key, nonce.encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, request: Request, given: str | None) -> None:
        identity = self.identify(request)
        if identity.by_token:
            return  # a bearer token is never sent by a browser on its own
        nonce = identity.nonce or request.cookies.get(PRE_COOKIE)
        given = given or request.headers.get(CSRF_HEADER)
        expected = hmac.new(self._csrf_key, nonce.encode(), hashlib.sha256).hexdigest() if nonce else ""
        if not given or not expected or not hmac.compare_digest(given, expected):
            raise HTTPException(403, "this form has expired or did not come from this site (missing or wrong CSRF "
                                     "token); reload the page and try again")

    # -- cookies --------------------------------------------------------------------------

    def set_session(self, response: Response, request: Request, value: str) -> None:
        response.set_cookie(SESSION_COOKIE, value, max_age=self.max_age, httponly=True, samesite="lax",
                            secure=request.url.scheme == "https", path="/")
        response.delete_cookie(PRE_COOKIE, path="/")

    def end_session(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, path="/")

    def remember_pre_nonce(self, request: Request, response: Response) -> None:
        nonce = getattr(request.state, "new_pre_nonce", None)
        if nonce:
            response.set_cookie(PRE_COOKIE, nonce, max_age=3600, httponly=True, samesite="lax",
                                secure=request.url.scheme == "https", path="/")

    # -- login ----------------------------------------------------------------------------

    def login(self, name: str, password: str, address: str) -> tuple[User, str | None]:
        """The user and its password hash, if the password is right and neither the account nor
        the address has failed too often lately; else AuthError saying which."""
        keys = (f"account:{name.lower()}", f"address:{address}")
        if self.per_account.blocked(keys[0]) or self.per_address.blocked(keys[1]):
            raise AuthError("too many failed logins for this account or from this address; "
                                     "wait 15 minutes and try again")
        found = self._store.users.password_hash(name)
        if found is None or not accounts.verify_password(found[1], password):
            if found is None:
                accounts.verify_password(None, password)  # same time as a wrong password
            self.per_account.record(keys[0])
            self.per_address.record(keys[1])
            raise AuthError("wrong user name or password")
        if found[1] and accounts.needs_rehash(found[1]):
            self._store.users.set_password(name, accounts.hash_password(password))
            found = self._store.users.password_hash(name)  # type: ignore[assignment]
        self._store.users.logged_in(found[0].id)  # type: ignore[index]
        return found  # type: ignore[return-value]


def adopt_env_token(store: Store, token: str | None) -> None:
    """``RASD_API_TOKEN`` becomes a token of the editor account "api" (made if missing)."""
    if not token:
        return
    hashed = accounts.token_hash(token)
    if store.users.has_token(hashed):
        return
    if store.users.get(accounts.ENV_TOKEN_USER) is None:
        store.users.add(accounts.ENV_TOKEN_USER, "editor", None)
    store.users.add_token(accounts.ENV_TOKEN_USER, hashed, "RASD_API_TOKEN")


async def form(request: Request) -> dict[str, str]:
    """An urlencoded form body (first value of each field), read up to a size limit."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > FORM_MAX_BYTES:
            raise HTTPException(413, f"form is over the limit of {FORM_MAX_BYTES} bytes")
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items()}


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def identity(request: Request) -> Identity:
    auth: Auth = request.app.state.auth
    return auth.identify(request)


async def posted_form(request: Request, role: str, action: str) -> tuple[User, dict[str, str]]:
    """A form post's user (holding ``role``) and fields, its CSRF token checked."""
    user = await run_in_threadpool(require, request, role, action)
    fields = await form(request)
    request.app.state.auth.check_csrf(request, fields.get("csrf"))
    return user, fields


def require(request: Request, role: str, action: str) -> User:
    """The request's user if it holds ``role``: else 401 (with a way to log in) or 403."""
    found = identity(request).user
    try:
        return accounts.require(found, role, action)
    except AuthError as exc:
        status = 401 if found is None else 403
        headers: dict[str, Any] = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
        raise HTTPException(status, str(exc), headers=headers) from None
