from django.contrib import admin

from audit.models import AuditCheckpoint, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Search the audit log; nobody edits it, not even an administrator."""

    list_display = ["at", "username", "action", "object_type", "object_id", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id", "action"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(admin.ModelAdmin):
    """The signed daily anchors of the audit chain: read-only, like the log."""

    list_display = ["day", "count", "head_id", "head_hash"]
    readonly_fields = [f.name for f in AuditCheckpoint._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
