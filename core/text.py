"""Hostile text: C0 control characters and lone surrogates.

A control character in a stored title once broke every Excel export for
everyone (openpyxl refuses them). Text inputs reject them (tab and newline
are legitimate in free text; a carriage return arrives with every browser
newline); writers of old rows strip them with `strip_control_characters`.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls except \t \n \r, DEL, and the UTF-16 surrogates (invalid alone
# in UTF-8: PostgreSQL and openpyxl refuse them).
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MESSAGE = _("Remove the control characters from this text (only tab and line breaks "
            "are allowed).")


def has_control_characters(value: str) -> bool:
    return isinstance(value, str) and _BAD.search(value) is not None


def reject_control_characters(value: Any) -> None:
    """A validator for every text field (forms and API, installed by CommonConfig)."""
    if has_control_characters(value):
        raise ValidationError(MESSAGE, code="control_characters")


def strip_control_characters(value: str) -> str:
    return _BAD.sub("", value)


def install_text_validators() -> None:
    """Make every Django form CharField and DRF CharField reject control characters.

    One central place instead of a validator on each of ~100 text fields; a
    subclass (EmailField, SlugField, ...) inherits it unless it sets its own.
    """
    from django import forms
    from rest_framework import serializers

    field_class: Any  # two unrelated classes with the same class attribute
    for field_class in (forms.CharField, serializers.CharField):
        if reject_control_characters not in field_class.default_validators:
            field_class.default_validators = [*field_class.default_validators,
                                              reject_control_characters]
