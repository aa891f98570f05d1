"""Every change made through /admin/ writes an audit row (issue 16).

Django's LogEntry is not enough: it is editable and unchained. The three hooks
every ModelAdmin calls (add, change, delete) are wrapped once, here, so each
admin class (ours and Django's UserAdmin alike) is covered without remembering.
"""

from django.contrib import admin

from audit.services import audit


def _label(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def install_admin_audit() -> None:
    model_admin = admin.ModelAdmin
    if getattr(model_admin, "_audited", False):
        return
    log_addition, log_change = model_admin.log_addition, model_admin.log_change
    log_deletions = model_admin.log_deletions

    def audited_addition(self, request, obj, message):
        audit(action="admin_add", user=request.user, obj_type=_label(obj), obj_id=obj.pk,
              data={"repr": str(obj)[:200], "change": message}, request=request)
        return log_addition(self, request, obj, message)

    def audited_change(self, request, obj, message):
        audit(action="admin_change", user=request.user, obj_type=_label(obj), obj_id=obj.pk,
              data={"repr": str(obj)[:200], "change": message}, request=request)
        return log_change(self, request, obj, message)

    def audited_deletions(self, request, queryset):
        for obj in queryset:
            audit(action="admin_delete", user=request.user, obj_type=_label(obj),
                  obj_id=obj.pk, data={"repr": str(obj)[:200]}, request=request)
        return log_deletions(self, request, queryset)

    model_admin.log_addition = audited_addition
    model_admin.log_change = audited_change
    model_admin.log_deletions = audited_deletions
    model_admin._audited = True
