"""Lengths of the petition steps (domain.md, Lifecycle); the counting rule and the
holiday calendar are `workdays.services`'s, shared by every app."""

from workdays.services import deadline_after as deadline_after  # re-exported for the services

ACCEPTANCE_DAYS = 15
HANDLING_DAYS = 60
MAX_EXTENSION_DAYS = 30
REQUEST_WINDOW_DAYS = 30  # review or re-review may be asked within 30 days
REVIEW_DAYS = 30
MAX_HEARING_DAYS = 60  # a hearing during re-review (its days do not count)
