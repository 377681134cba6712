"""Web archives: `.warc.gz` files written with warcio are read by `rasd ingest` and folder sources."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rasd.cli import app
from rasd.errors import InputError
from rasd.ingest import read_documents
from rasd.ingest.webpage import page_id
from rasd.store import EventQuery, Store, engine_for

ARTICLE = """<html><head><title>Roadside bomb kills two policemen in Basra | Example Wire</title>
<meta property="article:published_time" content="2011-04-05T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/iraq">Iraq</a></nav>
<div class="story"><h1>Roadside bomb kills two policemen in Basra</h1>
<p>BASRA / Two policemen were killed and three others were wounded when a roadside bomb exploded near
their patrol in al-Zubair district, west of Basra city, on Monday, a police source said.</p>
<p>The source said the bomb had been planted on the side of a road used by police patrols every day.</p></div>
<aside><h3>Most read</h3><ul><li><a href="/x">Car bomb kills 12 in Kirkuk market</a></li></ul></aside>
<footer>Copyright Example Wire</footer></body></html>"""
NOTE = "2011-06-02\nGunmen kill shop owner in Mosul\n\nGunmen shot dead a shop owner in eastern Mosul on Wednesday, police said.\n"


def _response(writer: WARCWriter, url: str, body: bytes, status: str = "200 OK", ctype: str = "text/html; charset=utf-8") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))


def write_archive(path: Path) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warc_record("https://wire.example.com/", "warcinfo", payload=BytesIO(b"software: test")))
        _response(writer, "https://wire.example.com/2011/04/05/basra-bomb.html", ARTICLE.encode("utf-8"))
        _response(writer, "https://wire.example.com/logo.png", b"\x89PNG\r\n\x1a\n", ctype="image/png")
        _response(writer, "https://wire.example.com/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
        _response(writer, "https://wire.example.com/cp1256", "<html><head><meta charset='windows-1256'></head><body><p>"
                  "بغداد: قتل شرطيان في انفجار عبوة ناسفة في البصرة يوم الاثنين، بحسب مصدر في الشرطة.</p></body></html>"
                  .encode("cp1256"), ctype="text/html")
        writer.write_record(writer.create_warc_record("https://wire.example.com/note.txt", "resource",
                                                      payload=BytesIO(NOTE.encode()), warc_content_type="text/plain"))


def test_archived_pages_become_articles(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    items = list(read_documents([tmp_path]))
    articles = [i for i in items if not isinstance(i, InputError)]
    by_url = {a.url: a for a in articles}
    assert set(by_url) == {"https://wire.example.com/2011/04/05/basra-bomb.html", "https://wire.example.com/cp1256",
                           "https://wire.example.com/note.txt"}
    bomb = by_url["https://wire.example.com/2011/04/05/basra-bomb.html"]
    assert bomb.id == "wire.example.com/basra-bomb-" + bomb.id.rsplit("-", 1)[1]
    assert bomb.title == "Roadside bomb kills two policemen in Basra"
    assert str(bomb.published) == "2011-04-05"
    assert "al-Zubair" in bomb.text and "Kirkuk" not in bomb.text and "Copyright" not in bomb.text
    assert "البصرة" in by_url["https://wire.example.com/cp1256"].text
    note = by_url["https://wire.example.com/note.txt"]
    assert (str(note.published), note.title) == ("2011-06-02", "Gunmen kill shop owner in Mosul")


def test_a_broken_archive_gives_what_it_can_and_says_where_it_broke(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_archive(whole)
    data = whole.read_bytes()
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(data[: len(data) * 2 // 3] + b"garbage that is not gzip")
    items = list(read_documents([broken]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert errors and "not a readable WARC archive" in str(errors[-1]) and "broken.warc.gz" in str(errors[-1])
    assert any(not isinstance(i, InputError) for i in items)  # the records before the break


def test_rasd_ingest_reads_warc(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_archive(archive)
    db = f"sqlite:///{tmp_path / 'rasd.db'}"
    result = CliRunner().invoke(app, ["ingest", str(archive), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    store = Store(engine_for(db))
    events, _ = store.query_events(EventQuery(admin1="Basra"))
    assert events and {d for e in events for d in e.doc_ids} == {page_id("https://wire.example.com/2011/04/05/basra-bomb.html")}
    assert max(e.mention.fatalities or 0 for e in events) == 2  # (how the report is split into events is extraction's)
    assert store.counts()["documents"] == 3


def test_gzip_is_checked_not_just_the_name(tmp_path: Path) -> None:
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(gzip.compress(b"this is not a WARC record\r\n\r\n"))
    errors = [i for i in read_documents([fake]) if isinstance(i, InputError)]
    assert len(errors) == 1 and "fake.warc.gz" in str(errors[0])
