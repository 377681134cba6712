"""Accounts, API tokens and server secrets (``Store.users``); what is valid is ``rasd.accounts``'s call."""

from __future__ import annotations

import secrets as random
from datetime import timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rasd.errors import AuthError, NotFound
from rasd.model import ApiToken, User
from rasd.store.models import ApiTokenRow, SecretRow, UserRow
from rasd.store.rows import now

#: a token's last use is written at most this often (not on every request it makes)
TOUCH_EVERY = timedelta(minutes=1)


def _user(row: UserRow) -> User:
    return User(id=row.id, name=row.name, role=row.role, created_at=row.created_at, last_login=row.last_login,
                has_password=bool(row.password_hash))


class UserTable:
    def __init__(self, session: sessionmaker[Session]) -> None:
        self._session = session

    def _row(self, session: Session, name: str) -> UserRow:
        row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
        if row is None:
            raise NotFound(f"no user {name!r}; list them with `rasd users list`")
        return row

    def add(self, name: str, role: str, password_hash: str | None) -> User:
        try:
            with self._session.begin() as session:
                session.execute(insert(UserRow).values(name=name, role=role, password_hash=password_hash,
                                                       created_at=now()))
        except IntegrityError:
            raise AuthError(f"user {name!r} exists already; change it with `rasd users passwd` or remove it first") from None
        return self.get(name)  # type: ignore[return-value]

    def get(self, name: str) -> User | None:
        with self._session() as session:
            row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
            return _user(row) if row else None

    def by_id(self, user_id: int) -> tuple[User, str | None] | None:
        """The user and its password hash (sessions compare its fingerprint)."""
        with self._session() as session:
            row = session.get(UserRow, user_id)
            return (_user(row), row.password_hash) if row else None

    def all(self) -> list[User]:
        with self._session() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]

    def password_hash(self, name: str) -> tuple[User, str | None] | None:
        with self._session() as session:
            row = session.scalars(select(UserRow).where(UserRow.name == name)).first()
            return (_user(row), row.password_hash) if row else None

    def set_password(self, name: str, password_hash: str | None) -> None:
        with self._session.begin() as session:
            self._row(session, name).password_hash = password_hash

    def set_role(self, name: str, role: str) -> None:
        with self._session.begin() as session:
            self._row(session, name).role = role

    def logged_in(self, user_id: int) -> None:
        with self._session.begin() as session:
            session.execute(update(UserRow).where(UserRow.id == user_id).values(last_login=now()))

    def remove(self, name: str) -> None:
        """Remove an account and its tokens; its name stays in the audit trail."""
        with self._session.begin() as session:
            row = self._row(session, name)
            session.execute(delete(ApiTokenRow).where(ApiTokenRow.user_id == row.id))
            session.delete(row)

    # -- API tokens ----------------------------------------------------------------------

    def add_token(self, name: str, token_hash: str, label: str | None) -> ApiToken:
        with self._session.begin() as session:
            row = self._row(session, name)
            token_id = session.execute(insert(ApiTokenRow).values(
                user_id=row.id, token_hash=token_hash, label=label, created_at=now()).returning(ApiTokenRow.id)).scalar_one()
        return next(t for t in self.tokens(name) if t.id == token_id)

    def tokens(self, name: str | None = None) -> list[ApiToken]:
        with self._session() as session:
            stmt = select(ApiTokenRow, UserRow.name).join(UserRow, UserRow.id == ApiTokenRow.user_id).order_by(ApiTokenRow.id)
            if name:
                stmt = stmt.where(UserRow.name == name)
            return [ApiToken(t.id, user, t.label, t.created_at, t.last_used, t.revoked_at) for t, user in session.execute(stmt)]

    def has_active_tokens(self) -> bool:
        with self._session() as session:
            return session.scalar(select(ApiTokenRow.id).where(ApiTokenRow.revoked_at.is_(None)).limit(1)) is not None

    def has_token(self, token_hash: str) -> bool:
        with self._session() as session:
            return session.scalar(select(ApiTokenRow.id).where(ApiTokenRow.token_hash == token_hash)) is not None

    def revoke_token(self, token_id: int, name: str | None = None) -> ApiToken:
        with self._session.begin() as session:
            row = session.get(ApiTokenRow, token_id)
            owner = session.get(UserRow, row.user_id) if row else None
            if row is None or owner is None or (name and owner.name != name):
                raise NotFound(f"no token #{token_id}{' of ' + name if name else ''}; list them with `rasd users token NAME --list`")
            row.revoked_at = row.revoked_at or now()
            return ApiToken(row.id, owner.name, row.label, row.created_at, row.last_used, row.revoked_at)

    def token_user(self, token_hash: str) -> User | None:
        """The owner of a live token (its last use noted, at most once a minute)."""
        with self._session() as session:
            found = session.execute(select(ApiTokenRow, UserRow).join(UserRow, UserRow.id == ApiTokenRow.user_id).where(
                ApiTokenRow.token_hash == token_hash, ApiTokenRow.revoked_at.is_(None))).first()
            if found is None:
                return None
            token, user = found
            if token.last_used is None or now() - token.last_used > TOUCH_EVERY:
                session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token.id).values(last_used=now()))
                session.commit()
            return _user(user)

    # -- secrets --------------------------------------------------------------------------

    def secret(self, name: str) -> str:
        """A server secret made once (256 random bits) and kept: every worker and restart agree."""
        with self._session() as session:
            found = session.get(SecretRow, name)
            if found is not None:
                return found.value
        try:
            with self._session.begin() as session:
                session.execute(insert(SecretRow).values(name=name, value=random.token_urlsafe(32)))
        except IntegrityError:
            pass  # another process made it first: use theirs
        with self._session() as session:
            return session.get(SecretRow, name).value  # type: ignore[union-attr]
