"""Watched sources: the table (SQLite and PostgreSQL), sources.toml, and `rasd sources`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.errors import ConfigError
from rasd.store.rows import now
from rasd.watch.sources import format_every, guess_kind, load_toml, parse_every, spec


def test_schedules_read_as_people_write_them() -> None:
    assert parse_every("15m") == 900
    assert parse_every("1h30m") == 5400
    assert parse_every("2d") == 172800
    assert parse_every(120) == 120
    assert format_every(5400) == "1h30m"
    for bad in ("soon", "3", "5s", "1h 30x", ""):
        with pytest.raises(ConfigError):
            parse_every(bad)


def test_kinds_are_guessed_from_the_url(tmp_path: Path) -> None:
    assert guess_kind("https://example.org/feed/") == "rss"
    assert guess_kind("https://example.org/sitemap_news.xml") == "sitemap"
    assert guess_kind(str(tmp_path)) == "folder"
    assert spec(str(tmp_path)).url == str(tmp_path.resolve())
    with pytest.raises(ConfigError, match="no such folder"):
        spec(str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="ftp://"):
        spec("ftp://example.org/feed")
    with pytest.raises(ConfigError, match="needs an http"):
        spec(str(tmp_path), kind="rss")
    with pytest.raises(ConfigError, match="kind 'blog'"):
        spec("https://example.org/x", kind="blog")


def test_sources_keep_their_schedule_and_health(store) -> None:
    first = store.sources.add(spec("https://example.org/feed/", "Example", every="15m"))
    second = store.sources.add(spec("https://example.org/sitemap.xml"))
    assert (first.kind, first.every_seconds, second.kind, second.name) == ("rss", 900, "sitemap", "example.org")
    with pytest.raises(ConfigError, match="already watched as source"):
        store.sources.add(spec("https://example.org/feed/"))
    assert [s.id for s in store.sources.due(now() + timedelta(seconds=1))] == [first.id, second.id]

    later = now() + timedelta(minutes=15)
    store.sources.record_success(first.id, now(), later, {"etag": '"abc"'})
    store.sources.record_failure(second.id, now(), later, "HTTP 500 Internal Server Error")
    store.sources.record_failure(second.id, now(), later, "timed out after 20 s")
    assert store.sources.due(now() + timedelta(seconds=1)) == []
    one, two = store.sources.get(first.id), store.sources.get("https://example.org/sitemap.xml")
    assert one.cursor == {"etag": '"abc"'} and one.consecutive_failures == 0 and one.last_success is not None
    assert (two.consecutive_failures, two.failed_polls, two.error_rate, two.last_error) == (2, 2, 1.0, "timed out after 20 s")

    store.sources.set_paused(first.id, True)
    assert store.sources.get("Example").paused
    store.sources.set_paused(first.id, False)
    assert [s.id for s in store.sources.due(now() + timedelta(seconds=1))] == [first.id]  # resumed: due at once
    assert store.sources.remove(second.id) and store.sources.get(second.id) is None


def test_sources_toml_seeds_and_updates(tmp_path: Path, store) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    path = tmp_path / "sources.toml"
    path.write_text(f'''
[defaults]
every = "1h"

[[source]]
url = "https://example.org/feed/"
name = "Example"

[[source]]
url = "{folder}"
every = "5m"
''')
    assert store.sources.seed(load_toml(path)) == (2, 0)
    path.write_text(path.read_text().replace('name = "Example"', 'name = "Example News"'))
    assert store.sources.seed(load_toml(path)) == (0, 1)
    assert [(s.name, s.kind, s.every_seconds) for s in store.sources.all()] == [
        ("Example News", "rss", 3600), ("drop", "folder", 300)]


@pytest.mark.parametrize("body, problem", [
    ("[[source]]\nname = 'x'\n", "source 1: has no url"),
    ("[[source]]\nurl = 'https://e.org/f'\nevery = 'often'\n", "source 1: schedule 'often'"),
    ("[[source]]\nurl = 'https://e.org/f'\nfrequency = '1h'\n", r"unknown field\(s\) frequency"),
    ("[[source]\n", "not valid TOML"),
])
def test_bad_sources_toml_names_file_and_entry(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=problem) as caught:
        load_toml(path)
    assert str(path) in str(caught.value)


def test_sources_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rasd.db'}"
    runner = CliRunner()
    added = runner.invoke(app, ["sources", "add", "https://example.org/feed/", "--name", "Example", "--every", "15m", "--db", db])
    assert added.exit_code == 0 and "source 1 added: Example (rss, every 15m)" in added.output
    again = runner.invoke(app, ["sources", "add", "https://example.org/feed/", "--db", db])
    assert again.exit_code == 2 and "already watched" in again.output
    assert runner.invoke(app, ["sources", "pause", "Example", "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["sources", "list", "--db", db])
    assert "Example" in listed.output and "paused" in listed.output
    assert runner.invoke(app, ["sources", "remove", "1", "--db", db]).exit_code == 0
    missing = runner.invoke(app, ["sources", "remove", "1", "--db", db])
    assert missing.exit_code == 2 and "no source '1'" in missing.output
