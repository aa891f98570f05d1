"""PRC resident ID numbers (GB 11643): format and check digit, and masking."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize_id_number(value: str) -> str:
    """Return the 18-character number in upper case, or raise ValidationError."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError(_("An ID number has 18 characters; this one has %(show_value)d.")
                              % {"show_value": len(value)})
    if not value[:17].isdigit() or value[17] not in "0123456789X":
        raise ValidationError(_("An ID number has 17 digits followed by a digit or X."))
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("The ID number contains an impossible birth date.")) from None
    if check_digit(value[:17]) != value[17]:
        raise ValidationError(_("The ID number's check digit is wrong."))
    return value


def mask_id_number(value: str) -> str:
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****0000: enough to recognise a number, not to call it."""
    value = value or ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_address(value: str) -> str:
    """The first 6 characters (district, township), the rest hidden."""
    value = value or ""
    return value[:6] + ("***" if len(value) > 6 else "")


def mask_document(value: str) -> str:
    """Another document's number (passport, permit): first 2 and last 2 shown."""
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
