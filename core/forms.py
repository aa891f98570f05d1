"""Form plumbing shared by every app's views (imports Django only)."""

from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that sent the input.

    A message keyed by a field the form has goes under that field; any other
    message (unkeyed, or keyed by a field the form lacks) goes on top of the form.
    """
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
