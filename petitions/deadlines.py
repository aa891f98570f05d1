"""Due dates of petition steps (domain.md, Counting).

The counting rule and the holiday calendar live in `common.calendar` (shared by
every app); this module names the petition steps' lengths and falls back to
`chinesecalendar` plus weekends if the shared module is not installed yet.
"""

from datetime import date, timedelta

ACCEPTANCE_DAYS = 15
HANDLING_DAYS = 60
MAX_EXTENSION_DAYS = 30
REQUEST_WINDOW_DAYS = 30  # review or re-review may be asked within 30 days
REVIEW_DAYS = 30


def _fallback_is_rest_day(day: date) -> bool:
    try:
        import chinese_calendar

        return not chinese_calendar.is_workday(day)
    except (ImportError, NotImplementedError):
        return day.weekday() >= 5


def deadline_after(start: date, days: int, policy: str) -> date:
    try:
        from common.calendar import deadline_after as shared
    except ImportError:
        shared = None
    if shared is not None:
        return shared(start, days, policy)
    is_rest = _fallback_is_rest_day
    if policy == "working":
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if not is_rest(day):
                left -= 1
        return day
    day = start + timedelta(days=days)
    while is_rest(day):
        day += timedelta(days=1)
    return day
