from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.forms import OrgUnitAdminForm
from accounts.models import OrgUnit, User
from accounts.tokens import api_tokens_revoke


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    form = OrgUnitAdminForm
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]

    def has_delete_permission(self, request: HttpRequest, obj: OrgUnit | None = None) -> bool:
        # Units are deactivated, never deleted: records point at them for years.
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    list_display = ["username", "full_name", "org_unit", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "org_unit__kind"]
    search_fields = ["username", "full_name", "org_unit__code", "org_unit__name"]
    list_select_related = ["org_unit"]
    autocomplete_fields = ["org_unit"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Unit"), {"fields": ("full_name", "org_unit", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Unit"), {"fields": ("full_name", "org_unit", "groups")}),
    )

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm[Any],
                   change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not obj.is_active:
            # A deactivated user's API tokens go with their access.
            api_tokens_revoke(user=obj)
