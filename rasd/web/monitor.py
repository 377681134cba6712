"""The monitor's pages, API and feeds: alerts, the daily digest and source health.

Each resource is one function of the store (``_alerts``, ``build_digest``, ``health_rows``)
rendered three ways from the same data: an HTML page, JSON under ``/api/``, and for alerts and
digests an Atom feed an analyst can subscribe to in any reader.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from rasd.alerts.deliver import alert_record
from rasd.analysis.digest import Digest, build_digest
from rasd.model import Alert
from rasd.store import Store
from rasd.store.rows import now
from rasd.watch.health import health_rows
from rasd.web import errors
from rasd.web.atom import Entry, Feed, feed_xml
from rasd.web.params import ParameterError
from rasd.web.render import render

api = APIRouter(prefix="/api", tags=["monitor"], responses={**errors.COMMON, **errors.responses(401, 403)})
pages = APIRouter(include_in_schema=False)
ALERT_KINDS = ("surge", "first", "deadly", "silent", "failing")
FEED_ALERTS = 100
FEED_DAYS = 14


def _store(request: Request) -> Store:
    return request.app.state.store


def _page(request: Request, template: str, **context: Any) -> HTMLResponse:
    return render(request, template, **context)


def _atom(feed: Feed) -> Response:
    return Response(feed_xml(feed), media_type="application/atom+xml; charset=utf-8")


def _day(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ParameterError(name, f"{value!r} is not a day; use YYYY-MM-DD") from None


def _kind(value: str | None) -> str | None:
    if value and value not in ALERT_KINDS:
        raise ParameterError("kind", f"{value!r} is not one of: {', '.join(ALERT_KINDS)}")
    return value or None


# -- alerts -------------------------------------------------------------------------------------

def _alerts(store: Store, since: date | None, kind: str | None, limit: int) -> list[dict[str, Any]]:
    start = datetime(since.year, since.month, since.day) if since else None
    found = store.alerts.recent(start, limit=limit, kind=kind)
    deliveries = store.alerts.deliveries(a.id for a in found)
    return [{**alert_record(a), "deliveries": deliveries.get(a.id, [])} for a in found]


@api.get("/alerts", summary="Alerts, newest first (surges, first events, deadly events, silent or failing sources)")
def alerts_api(request: Request, since: str | None = Query(None, description="Raised on or after YYYY-MM-DD"),
               kind: str | None = Query(None, description=f"One of: {', '.join(ALERT_KINDS)}"),
               limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
    items = _alerts(_store(request), _day("since", since), _kind(kind), limit)
    return {"items": items, "count": len(items)}


@pages.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, since: str | None = Query(None), kind: str | None = Query(None)) -> HTMLResponse:
    items = _alerts(_store(request), _day("since", since), _kind(kind), 200)
    return _page(request, "alerts.html", items=items, kinds=ALERT_KINDS, kind=kind or "", since=since or "")


def _alert_entry(alert: Alert, base: str) -> Entry:
    record = alert_record(alert, base)
    return Entry(id=f"urn:rasd:alert:{alert.id}", title=alert.title, updated=alert.created_at,
                 link=record["url"] or f"{base}/alerts", summary=alert.detail, categories=(alert.kind, alert.rule))


@pages.get("/alerts.atom")
def alerts_feed(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    found = _store(request).alerts.recent(limit=FEED_ALERTS)
    updated = found[0].created_at if found else now()
    return _atom(Feed("rasd: alerts", f"{base}/alerts.atom", f"{base}/alerts", updated,
                      [_alert_entry(a, base) for a in found], id="urn:rasd:alerts"))


# -- the daily digest ---------------------------------------------------------------------------

@api.get("/digest", summary="The daily digest: events reported by governorate, alerts, source health, this day in history")
def digest_api(request: Request, date: str | None = Query(None, description="A calendar day (UTC), YYYY-MM-DD; default: the last 24 hours")) -> dict[str, Any]:
    return build_digest(_store(request), _day("date", date)).to_dict()


@pages.get("/digest", response_class=HTMLResponse)
def digest_page(request: Request, date: str | None = Query(None)) -> HTMLResponse:
    digest = build_digest(_store(request), _day("date", date))
    return _page(request, "digest.html", digest=digest.to_dict(), previous=(digest.day - timedelta(days=1)).isoformat(),
                 following=(digest.day + timedelta(days=1)).isoformat(), latest=date is None)


def _digest_entry(digest: Digest, base: str, templates: Any) -> Entry:
    html = templates.get_template("_digest_body.html").render(digest=digest.to_dict())
    return Entry(id=f"urn:rasd:digest:{digest.day.isoformat()}", title=f"Digest for {digest.day}: {digest.headline}",
                 updated=digest.end, link=f"{base}/digest?date={digest.day.isoformat()}", summary=digest.headline,
                 content_html=html)


@pages.get("/digest.atom")
def digest_feed(request: Request) -> Response:
    base, store = str(request.base_url).rstrip("/"), _store(request)
    today = now().date()
    days = [build_digest(store, today - timedelta(days=n)) for n in range(1, FEED_DAYS + 1)]
    templates = request.app.state.templates.env
    return _atom(Feed("rasd: daily digest", f"{base}/digest.atom", f"{base}/digest",
                      days[0].end if days else now(), [_digest_entry(d, base, templates) for d in days],
                      id="urn:rasd:digest"))


# -- source health ------------------------------------------------------------------------------

@api.get("/sources", summary="Watched sources and their health: last success, articles, events, error rate, last error")
def sources_api(request: Request) -> dict[str, Any]:
    items = health_rows(_store(request))
    return {"items": items, "count": len(items)}


@pages.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    return _page(request, "sources.html", items=health_rows(_store(request)))
