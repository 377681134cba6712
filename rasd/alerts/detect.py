"""Alert rules applied to what the store holds: pure functions from events and sources to ``Alert``s.

    alerts = detect(store, load_rules(None), event_ids={...})   # after a watch round
    alerts = detect(store, config)                              # every event of the lookback

Each kind of rule is one function. An alert's id comes from its rule and subject (a governorate
and week, an event, a source's silence since a given article), so detecting it again later
finds the same alert and ``store.alerts.add`` keeps only the first.
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from rasd.alerts.rules import AlertConfig, Rule
from rasd.model import Alert, Event, WatchedSource
from rasd.store.rows import now


def alert_id(rule: Rule, key: str) -> str:
    return hashlib.sha1(f"{rule.name}\x1f{key}".encode("utf-8")).hexdigest()[:16]


def week_of(day: date) -> date:
    """The Monday that starts ``day``'s week."""
    return day - timedelta(days=day.weekday())


def _place(event: Event) -> str:
    m = event.mention
    return ", ".join(p for p in (m.location, m.admin1) if p) or "place unknown"


def _event_alert(rule: Rule, event: Event, title: str, detail: str, at: datetime) -> Alert:
    m = event.mention
    return Alert(alert_id(rule, event.id), rule.name, rule.kind, title, detail, at, m.admin1, m.admin1_code,
                 event.id, None, m.event_date, m.event_date,
                 {"event_type": m.event_type, "sub_event_type": m.sub_event_type, "fatalities": m.fatalities,
                  "sources": event.source_count})


# -- events ----------------------------------------------------------------------------------

def deadly(rule: Rule, events: Iterable[Event], at: datetime) -> list[Alert]:
    """Any single event with at least ``min_fatalities`` killed."""
    found = []
    for e in events:
        m = e.mention
        if m.fatalities is not None and m.fatalities >= rule["min_fatalities"]:
            title = f"{m.fatalities} killed in {_place(e)} on {m.event_date}"
            detail = (f"{m.sub_event_type} ({m.event_type}) in {_place(e)} on {m.event_date}: {m.fatalities} killed"
                      f"{f', {m.injuries} injured' if m.injuries else ''}; reported by {e.source_count} source(s). "
                      f"Actors: {m.actor1 or 'unknown'}{f' against {m.actor2}' if m.actor2 else ''}.")
            found.append(_event_alert(rule, e, title, detail, at))
    return found


def first_events(store: Any, rule: Rule, events: Iterable[Event], at: datetime) -> list[Alert]:
    """The first event of its type in its governorate for ``days`` days (when the store's
    history reaches back that far: in a young database everything would be a first)."""
    days = rule["days"]
    oldest = store.alerts.first_event_date()
    found = []
    for e in events:
        m = e.mention
        if not (m.admin1_code and m.event_date and oldest) or oldest > m.event_date - timedelta(days=days):
            continue
        if not store.alerts.earlier_of_kind(e, m.event_date - timedelta(days=days)):
            title = f"First {m.event_type} event in {m.admin1} for {days} days"
            detail = (f"{m.sub_event_type} in {_place(e)} on {m.event_date}; no {m.event_type} event was recorded in "
                      f"{m.admin1} in the {days} days before it.")
            found.append(_event_alert(rule, e, title, detail, at))
    return found


def _weekly(daily: dict[date, int], start: date) -> int:
    return sum(daily.get(start + timedelta(days=d), 0) for d in range(7))


def surges(store: Any, rule: Rule, events: Iterable[Event], at: datetime) -> list[Alert]:
    """Weekly events (or fatalities) of a governorate above its trailing mean by ``k`` deviations."""
    weeks, measure = rule["weeks"], rule["measure"]
    oldest = store.alerts.first_event_date()
    names = {e.mention.admin1_code: e.mention.admin1 for e in events}
    subjects = {(e.mention.admin1_code, week_of(e.mention.event_date)) for e in events
                if e.mention.admin1_code and e.mention.event_date}
    found = []
    for code, start in sorted(subjects):
        first = start - timedelta(weeks=weeks)
        if oldest is None or oldest > first:  # the trailing weeks are not all in the store
            continue
        daily = store.alerts.daily(code, first, start + timedelta(days=6), measure)
        current = _weekly(daily, start)
        trailing = [_weekly(daily, start - timedelta(weeks=w)) for w in range(1, weeks + 1)]
        mean, sd = statistics.fmean(trailing), statistics.pstdev(trailing)
        if current < rule["min_count"] or current <= mean + rule["k"] * sd:
            continue
        what = "events" if measure == "events" else "people killed"
        title = f"{names[code]}: {current} {what} in the week of {start}"
        detail = (f"{current} {what} in {names[code]} in the week starting {start}, against {mean:.1f} ± {sd:.1f} "
                  f"a week over the {weeks} weeks before (threshold: {rule['k']:g} standard deviations above the mean).")
        data = {"measure": measure, "count": current, "mean": round(mean, 2), "sd": round(sd, 2),
                "z": round((current - mean) / sd, 2) if sd else None, "trailing": trailing}
        found.append(Alert(alert_id(rule, f"{code}|{start}"), rule.name, rule.kind, title, detail, at, names[code], code,
                           None, None, start, start + timedelta(days=6), data))
    return found


# -- sources ---------------------------------------------------------------------------------

def _source_alert(rule: Rule, source: WatchedSource, key: str, title: str, detail: str, at: datetime,
                  data: dict[str, Any]) -> Alert:
    return Alert(alert_id(rule, f"{source.id}|{key}"), rule.name, rule.kind, title, detail, at, source_id=source.id,
                 data={"source": source.name, "url": source.url, **data})


def silent(store: Any, rule: Rule, sources: Iterable[WatchedSource], at: datetime) -> list[Alert]:
    """Sources with no new article for ``factor`` times their usual gap (and ``min_hours``)."""
    found = []
    for source in sources:
        if source.paused:
            continue
        arrivals = store.pages.arrivals(source.id, 30)
        if len(arrivals) < max(2, rule["min_articles"]):
            continue
        gaps = [(a - b).total_seconds() for a, b in zip(arrivals, arrivals[1:])]
        usual = statistics.median(gaps)
        quiet = (at - arrivals[0]).total_seconds()
        limit = max(rule["factor"] * usual, rule["min_hours"] * 3600)
        if quiet > limit:
            title = f"{source.name} has been silent for {quiet / 3600:.0f} hours"
            detail = (f"No new article from {source.name} since {arrivals[0]:%Y-%m-%d %H:%M} UTC, {quiet / 3600:.1f} hours; "
                      f"it usually brings one every {usual / 3600:.1f} hours. Last error: {source.last_error or 'none'}.")
            found.append(_source_alert(rule, source, arrivals[0].isoformat(), title, detail, at,
                                       {"silent_hours": round(quiet / 3600, 1), "usual_hours": round(usual / 3600, 2)}))
    return found


def failing(rule: Rule, sources: Iterable[WatchedSource], at: datetime) -> list[Alert]:
    """Sources whose last ``failures`` polls all failed (one alert per failing streak)."""
    found = []
    for source in sources:
        if source.paused or source.consecutive_failures < rule["failures"]:
            continue
        since = source.last_success or source.added_at
        title = f"{source.name} has failed {source.consecutive_failures} polls in a row"
        detail = (f"Polling {source.url} has failed {source.consecutive_failures} times in a row "
                  f"(last success: {since:%Y-%m-%d %H:%M} UTC). Last error: {source.last_error}." if since else
                  f"Polling {source.url} has failed {source.consecutive_failures} times in a row. Last error: {source.last_error}.")
        found.append(_source_alert(rule, source, str(since), title, detail, at,
                                   {"failures": source.consecutive_failures, "last_error": source.last_error}))
    return found


def detect(store: Any, config: AlertConfig, event_ids: Iterable[str] | None = None, today: date | None = None,
           at: datetime | None = None) -> list[Alert]:
    """Every alert the rules raise on ``event_ids`` (default: all events of the lookback window)
    and on the sources. Events dated before the lookback window raise nothing."""
    at = at or now()
    today = today or at.date()
    since = today - timedelta(days=config.lookback_days)
    events = store.alerts.events(event_ids) if event_ids is not None else store.alerts.events_dated(since, today)
    recent = [e for e in events if e.mention.event_date and e.mention.event_date >= since]
    found: list[Alert] = []
    for rule in config.active("deadly"):
        found += deadly(rule, recent, at)
    for rule in config.active("first"):
        found += first_events(store, rule, recent, at)
    for rule in config.active("surge"):
        found += surges(store, rule, recent, at)
    sources = store.sources.all()
    for rule in config.active("silent"):
        found += silent(store, rule, sources, at)
    for rule in config.active("failing"):
        found += failing(rule, sources, at)
    return found
