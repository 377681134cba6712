"""Accounts and sessions through the real app: argon2 passwords, signed cookies, CSRF, throttles."""

from __future__ import annotations

import re

import pytest
import web_data
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rasd.accounts import hash_password, token_hash, verify_password
from rasd.cli import app as cli
from rasd.errors import AuthError
from rasd.settings import Settings
from rasd.web import create_app
from rasd.web.auth import SESSION_COOKIE

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path):
    store = web_data.build(tmp_path / "rasd.db")
    store.users.add("ed", "editor", hash_password(PASSWORD))
    store.users.add("vi", "viewer", hash_password(PASSWORD))
    return store


def _client(store, **settings) -> TestClient:
    return TestClient(create_app(Settings(db="sqlite:///unused.db", **settings), store))


def _csrf(client: TestClient, path: str = "/login") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def login(client: TestClient, name: str, password: str = PASSWORD):
    return client.post("/login", data={"name": name, "password": password, "csrf": _csrf(client), "next": "/review"},
                       follow_redirects=False)


def test_passwords_are_argon2_and_short_ones_refused() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, PASSWORD) and not verify_password(hashed, PASSWORD + "x")
    with pytest.raises(AuthError, match="at least 10"):
        hash_password("short")


def test_login_sets_a_signed_httponly_samesite_cookie_with_an_expiry(store) -> None:
    client = _client(store, session_hours=2)
    response = login(client, "ed")
    assert response.status_code == 303 and response.headers["location"] == "/review"
    cookie = next(v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=7200" in cookie
    assert "ed (editor)" in client.get("/").text
    client.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE][:-2] + "xx")  # tampered: anonymous again
    assert "ed (editor)" not in client.get("/").text


def test_wrong_password_and_unknown_user_get_the_same_answer(store) -> None:
    client = _client(store)
    assert login(client, "ed", "wrong password!").status_code == 401
    assert login(client, "nobody").status_code == 401
    assert "wrong user name or password" in login(client, "nobody").text


def test_failed_logins_are_limited_per_account_and_per_address(store) -> None:
    client = _client(store, login_failures=3)
    assert [login(client, "ed", f"guess {n}!!!!!").status_code for n in range(4)] == [401, 401, 401, 429]
    assert login(client, "ed").status_code == 429  # even the right password waits now
    assert login(client, "vi").status_code == 303  # another account from this address still may
    other = _client(store, login_failures=3)
    assert [login(other, f"user{n}", "guess!!!!!!!").status_code for n in range(13)][-1] == 429  # 12 per address


def test_a_post_without_its_csrf_token_is_refused(store) -> None:
    client = _client(store)
    response = client.post("/login", data={"name": "ed", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403 and "CSRF" in response.text
    login(client, "ed")
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert client.post("/logout", data={"csrf": "0" * 64}, follow_redirects=False).status_code == 403
    assert client.post("/logout", data={"csrf": _csrf(client, "/")}, follow_redirects=False).status_code == 303


def test_a_new_password_ends_open_sessions(store) -> None:
    client = _client(store)
    login(client, "ed")
    assert "ed (editor)" in client.get("/").text
    store.users.set_password("ed", hash_password("another long password"))
    assert "ed (editor)" not in client.get("/").text


def test_reading_is_open_unless_login_is_required(store) -> None:
    assert _client(store).get("/api/events").status_code == 200
    closed = _client(store, require_login=True)
    assert closed.get("/api/events").status_code == 401
    page = closed.get("/events?admin1=IQ-MA", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=%2Fevents%3Fadmin1")
    token = "rasd_test_token_for_viewer"
    store.users.add_token("vi", token_hash(token), "test")
    assert closed.get("/api/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    login(closed, "vi")
    assert closed.get("/events").status_code == 200


def test_tokens_act_with_their_account_role_and_can_be_revoked(store) -> None:
    client = _client(store)
    viewer, editor = "rasd_viewer_token", "rasd_editor_token"
    store.users.add_token("vi", token_hash(viewer), None)
    made = store.users.add_token("ed", token_hash(editor), "script")
    report = {"text": "A roadside bomb killed two policemen in Amarah on Monday.", "published": "2011-06-02"}
    assert client.post("/api/reports", json=report, headers={"Authorization": f"Bearer {viewer}"}).status_code == 403
    assert client.post("/api/reports", json=report, headers={"Authorization": f"Bearer {editor}"}).status_code == 201
    store.users.revoke_token(made.id)
    assert client.post("/api/reports", json=report, headers={"Authorization": f"Bearer {editor}"}).status_code == 401


def test_the_environment_token_becomes_a_token_of_the_api_account(store) -> None:
    _client(store, api_token="legacy-token-0123456789")
    assert store.users.get("api").role == "editor"
    assert store.users.token_user(token_hash("legacy-token-0123456789")).name == "api"


def test_users_command_adds_lists_changes_and_removes(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "amira", "--role", "admin", "--password-stdin", "--db", db],
                          input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    made = runner.invoke(cli, ["users", "token", "amira", "--label", "nightly", "--db", db])
    token = made.stdout.strip().splitlines()[0]
    assert token.startswith("rasd_")
    listed = runner.invoke(cli, ["users", "list", "--db", db]).stdout
    assert "amira" in listed and "admin" in listed and "tokens 1" in listed
    assert runner.invoke(cli, ["users", "token", "amira", "--revoke", "1", "--db", db]).exit_code == 0
    assert "revoked" in runner.invoke(cli, ["users", "token", "amira", "--list", "--db", db]).stdout
    short = runner.invoke(cli, ["users", "passwd", "amira", "--password-stdin", "--db", db], input="short\n")
    assert short.exit_code == 2 and "at least 10" in short.output
    assert runner.invoke(cli, ["users", "remove", "amira", "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["users", "remove", "amira", "--db", db]).exit_code == 1
