from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit


class OrgUnitAdminForm(forms.ModelForm):  # type: ignore[type-arg]  # not subscriptable at run time
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, parent = cleaned.get("kind"), cleaned.get("parent")
        if kind == OrgUnit.Kind.CITY and parent is not None:
            raise ValidationError({"parent": _("The city has no parent unit.")})
        if kind in OrgUnit.REPORTING_KINDS and (parent is None or parent.kind != OrgUnit.Kind.CITY):
            raise ValidationError({"parent": _("Townships and departments sit under the city.")})
        if kind == OrgUnit.Kind.VILLAGE and (parent is None or parent.kind != OrgUnit.Kind.TOWNSHIP):
            raise ValidationError({"parent": _("Villages sit under a township.")})
        if parent and self.instance.pk and parent.path.startswith(self.instance.path or "\x00"):
            raise ValidationError({"parent": _("A unit cannot move under itself.")})
        return cleaned
