"""Shared fixtures: a throwaway PostgreSQL server, and a ``store`` on SQLite and on PostgreSQL.

The PostgreSQL server is started once per session from Debian's binaries (initdb into a temp dir
as the ``postgres`` user when running as root, pg_ctl on a free loopback port) and removed at the
end. Without the binaries, PostgreSQL tests are skipped, except under CI (``CI=true``), where
they must run and the missing server is an error.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgserver import PostgresServer, pg_bin

from rasd.store import Store, engine_for

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = pg_bin()
    if bin_dir is None:
        if IN_CI:
            pytest.fail("PostgreSQL binaries are missing in CI; `make test` installs Debian's postgresql")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql); skipping PostgreSQL tests")
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        server.stop()
        message = f"cannot start PostgreSQL: {exc.stderr or exc.stdout}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL on each backend: the same store tests run on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rasd.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    opened = Store(engine_for(store_url))
    yield opened
    opened.close()


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Compiled patterns (rasd.extract.compiled) go to a folder of this session, not the user's
    cache: every run starts cold, and the CLI's subprocesses share what the session compiled."""
    import tempfile

    os.environ["RASD_CACHE_DIR"] = tempfile.mkdtemp(prefix="rasd-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    shutil.rmtree(os.environ.pop("RASD_CACHE_DIR", ""), ignore_errors=True)
