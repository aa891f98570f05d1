"""The audit log in words (issue 17): what each `action` and `object_type` of an
audit row means, for the admin's pages. The rows keep their codes (the hash chain
covers them); only what a person reads is translated."""

import re

from django.apps import apps
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "login": _("Logged in"),
    "logout": _("Logged out"),
    "login_failed": _("Failed login"),
    "login_burst": _("Burst of failed logins from one address"),
    "otp_setup": _("Two-factor set up"),
    "otp_failed": _("Wrong two-factor code"),
    "export": _("Excel export"),
    "track_lookup": _("Public progress lookup"),
    "termination_override": _("Accepted despite three-level termination"),
    "reveal_id": _("Full ID number shown"),
    "petitioner_update": _("Petitioner's record corrected"),
    "petitioner_check": _("Earlier petitions looked up"),
    "petition_void": _("Petition voided"),
    "denied_role": _("Refused: role not allowed"),
    "denied_out_of_scope": _("Refused: outside the user's units"),
    "audit_purge": _("Old audit rows purged"),
    "admin_add": _("Added in the admin"),
    "admin_change": _("Changed in the admin"),
    "admin_delete": _("Deleted in the admin"),
}

OBJECTS = {
    "petition": _("Petition"),
    "petitioner": _("Petitioner"),
}

# The keys of an audit row's `data`; its values are shown as they were written.
DATA_KEYS = {
    "address": _("IP address"), "failures": _("Failures"), "via": _("Via"),
    "two_factor": _("Two-factor"), "filters": _("Filters"), "path": _("Page"),
    "method": _("Request method"), "repr": _("Record"), "change": _("Change"),
    "earlier": _("Earlier petition"), "petition": _("Petition"), "reason": _("Reason"),
    "org_unit": _("Unit"), "days": _("Days"), "on": _("Date"),
    "satisfaction": _("Satisfaction"), "from": _("Previous status"),
}

_EXPORT = re.compile(r"^/exports/(?:jobs/\d+/download/|)([\w-]*)(?:\.xlsx)?")


def action_label(code: str) -> str:
    label = ACTIONS.get(code)
    return str(label) if label is not None else _gettext("Other action")


def object_label(object_type: str) -> str:
    """"petition" -> 信访事项; "petitions.petition" (an admin change) -> the model's
    name; an export's path -> the export's title."""
    if not object_type:
        return ""
    if object_type in OBJECTS:
        return str(OBJECTS[object_type])
    if object_type.startswith("/"):
        from core.exports import exporter_class

        match = _EXPORT.match(object_type)
        exporter = exporter_class(match.group(1)) if match else None
        return str(exporter.title) if exporter is not None else _gettext("Excel export")
    app_label, _dot, model_name = object_type.partition(".")
    try:
        return str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except (LookupError, ValueError):
        return _gettext("Other record")


def data_lines(data: dict) -> list[tuple[str, str]]:
    """(key in words, value) for each entry of an audit row's data."""
    return [(str(DATA_KEYS.get(key, _gettext("Other"))), str(value))
            for key, value in (data or {}).items()]
