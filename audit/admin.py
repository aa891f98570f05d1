from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from audit.labels import ACTIONS, action_label, data_lines, object_label
from audit.models import AuditCheckpoint, AuditEntry


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, named in words (the column holds codes)."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(code, label) for code, label in ACTIONS.items()]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Search the audit log; nobody edits it, not even an administrator."""

    list_display = ["at", "username", "action_words", "object_words", "object_id", "ip"]
    list_filter = [ActionFilter]
    search_fields = ["username", "object_id", "action"]
    date_hierarchy = "at"
    # Words instead of the codes; the hashes stay (they are what the chain checks).
    fields = ["at", "actor", "username", "action_words", "object_words", "object_id", "ip",
              "data_words", "previous_hash", "own_hash"]
    readonly_fields = fields

    @admin.display(description=_("action"), ordering="action")
    def action_words(self, entry):
        return action_label(entry.action)

    @admin.display(description=_("object type"), ordering="object_type")
    def object_words(self, entry):
        return object_label(entry.object_type) or "-"

    @admin.display(description=_("data"))
    def data_words(self, entry):
        return format_html_join("", "<div>{}：{}</div>", data_lines(entry.data)) or "-"

    @admin.display(description=_("Previous hash"))
    def previous_hash(self, entry):
        return entry.prev_hash

    @admin.display(description=_("Hash"))
    def own_hash(self, entry):
        return entry.hash

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
