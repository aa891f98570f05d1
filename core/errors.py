"""Domain errors raised by services; views and the API translate them.

A TransitionError becomes a message on the page and a 409 in the API; Django's
ValidationError becomes a form error and a 400; PermissionDenied a 403.
"""

from typing import Any

from django.db.models import Model
from django.http import Http404
from django.utils.functional import Promise


class TransitionError(Exception):
    """The action is not allowed in the record's current status."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message


class OutOfScope(Http404):
    """A 404 for a record that exists but lies outside the user's scope.

    The user sees the same 404 as for a record that does not exist; the audit
    log (audit.middleware) records the attempt. Raised by accounts.scoping.
    """

    def __init__(self, model: type[Model] | Model, key: Any) -> None:
        super().__init__("Not found.")
        self.label = model._meta.label_lower
        self.key = str(key)
