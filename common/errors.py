"""Domain errors raised by services; views and the API translate them.

A TransitionError becomes a message on the page and a 409 in the API; Django's
ValidationError becomes a form error and a 400; PermissionDenied a 403.
"""


class TransitionError(Exception):
    """The action is not allowed in the record's current status."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
