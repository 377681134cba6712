"""Analysis over stored events: estimates of unreported incidents and on-this-day lists.

    estimate(events, by=None) -> list[Estimate]     multiple-systems estimation (rasd.analysis.estimate)
    on_this_day(store, "04-01") -> list[Event]       events of a calendar day in earlier years
"""

from rasd.analysis.estimate import Estimate, estimate
from rasd.analysis.onthisday import on_this_day, parse_month_day, select_on_this_day

__all__ = ["Estimate", "estimate", "on_this_day", "parse_month_day", "select_on_this_day"]
