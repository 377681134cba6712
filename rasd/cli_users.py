"""``rasd users``: accounts (viewer, editor, admin), their passwords and API tokens.
Registered on ``rasd.cli.app``; thin, like the rest of the command line."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from rasd.cli import DB_HELP, _open_store, app, fail
from rasd.errors import AuthError, NotFound

users_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                        help="Accounts of the dashboard's review desk, and API tokens for scripts.")
app.add_typer(users_app, name="users")

PASSWORD_STDIN = "Read the password from standard input (one line) instead of asking twice."


def _password(name: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True)


def _hashed(password: str) -> str:
    from rasd.accounts import hash_password

    try:
        return hash_password(password)
    except AuthError as exc:
        fail(str(exc), 2)
    return ""


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="User name (letters, digits, '.', '_', '@', '-')."),
    role: str = typer.Option("editor", "--role", help="viewer (reads), editor (reviews and corrects) or admin (also reverts)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN),
    no_password: bool = typer.Option(False, "--no-password", help="An account for scripts: API tokens only, no login."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Add an account; asks for its password (at least 10 characters) unless --no-password.

    Example: rasd users add amira --role editor
    """
    from rasd.accounts import check_name, check_role

    try:
        check_name(name)
        check_role(role)
    except AuthError as exc:
        fail(str(exc), 2)
    store = _open_store(db)
    hashed = None if no_password else _hashed(_password(name, password_stdin))
    try:
        user = store.users.add(name, role, hashed)
    except AuthError as exc:
        fail(str(exc))
    typer.echo(f"user {user.name} added ({user.role}{', tokens only' if no_password else ''})")


@users_app.command("list")
def users_list(fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
               db: Optional[str] = typer.Option(None, help=DB_HELP)) -> None:
    """List accounts: role, when added, last login, live API tokens.

    Example: rasd users list
    """
    store = _open_store(db)
    tokens = store.users.tokens()
    rows = [{"name": u.name, "role": u.role, "created": u.created_at, "last_login": u.last_login,
             "password": u.has_password, "tokens": sum(1 for t in tokens if t.user == u.name and not t.revoked_at)}
            for u in store.users.all()]
    if fmt == "json":
        typer.echo(json.dumps(rows, default=str, indent=2))
        return
    if not rows:
        typer.echo("no users yet; add one with `rasd users add NAME --role admin`")
    for r in rows:
        login = f"{r['last_login']:%Y-%m-%d %H:%M}" if r["last_login"] else "never"
        typer.echo(f"{r['name']:<20} {r['role']:<7} last login {login:<16} tokens {r['tokens']}"
                   f"{'' if r['password'] else '  (no password: tokens only)'}")


@users_app.command("passwd")
def users_passwd(
    name: str = typer.Argument(..., help="User name."),
    role: Optional[str] = typer.Option(None, "--role", help="Also change the role (viewer, editor, admin)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=PASSWORD_STDIN),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Set a new password (which ends the account's open sessions), and optionally a new role.

    Example: rasd users passwd amira --role admin
    """
    from rasd.accounts import check_role

    store = _open_store(db)
    if store.users.get(name) is None:
        fail(f"no user {name!r}; list them with `rasd users list`")
    if role:
        try:
            store.users.set_role(name, check_role(role))
        except AuthError as exc:
            fail(str(exc), 2)
    store.users.set_password(name, _hashed(_password(name, password_stdin)))
    typer.echo(f"password of {name} changed{f'; role now {role}' if role else ''}")


@users_app.command("remove")
def users_remove(name: str = typer.Argument(..., help="User name."),
                 db: Optional[str] = typer.Option(None, help=DB_HELP)) -> None:
    """Remove an account and its tokens (its name stays in the audit trail).

    Example: rasd users remove amira
    """
    store = _open_store(db)
    try:
        store.users.remove(name)
    except NotFound as exc:
        fail(str(exc))
    typer.echo(f"user {name} removed")


@users_app.command("token")
def users_token(
    name: str = typer.Argument(..., help="User name: the token acts with this account's role."),
    label: Optional[str] = typer.Option(None, "--label", help="What the token is for (shown in --list)."),
    list_tokens: bool = typer.Option(False, "--list", help="List the account's tokens instead of creating one."),
    revoke: Optional[int] = typer.Option(None, "--revoke", help="Revoke the token with this number (see --list)."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Create an API token for scripts (printed once: keep it), list tokens, or revoke one.

    Scripts send it as 'Authorization: Bearer TOKEN'.

    Example: rasd users token amira --label "nightly import"
    """
    from rasd.accounts import new_token, token_hash

    store = _open_store(db)
    if store.users.get(name) is None:
        fail(f"no user {name!r}; list them with `rasd users list`")
    try:
        if revoke is not None:
            revoked = store.users.revoke_token(revoke, name)
            typer.echo(f"token #{revoked.id} of {name} revoked")
        elif list_tokens:
            for t in store.users.tokens(name):
                state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "live"
                used = f"{t.last_used:%Y-%m-%d %H:%M}" if t.last_used else "never"
                typer.echo(f"#{t.id:<4} {state:<18} created {t.created_at:%Y-%m-%d}  last used {used:<16} {t.label or ''}")
        else:
            token = new_token()
            made = store.users.add_token(name, token_hash(token), label)
            typer.echo(token)
            typer.echo(f"rasd: token #{made.id} for {name}; it is shown only now", err=True)
    except NotFound as exc:
        fail(str(exc))
