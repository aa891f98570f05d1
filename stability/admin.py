from django.contrib import admin

from stability.models import ContactLog, MatterEvent, RiskMatter


class ReadOnly(admin.ModelAdmin):
    """Matters change only through the services, which write the audit trail."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ContactInline(admin.TabularInline):
    model = ContactLog
    extra = 0
    fields = ["on", "met_by", "summary", "outcome", "next_step"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RiskMatter)
class RiskMatterAdmin(ReadOnly):
    list_display = ["title", "org_unit", "category", "risk_level", "status", "leader", "opened_on"]
    list_filter = ["status", "risk_level", "category", "source"]
    list_select_related = ["org_unit", "leader"]
    search_fields = ["title", "people_involved"]
    inlines = [ContactInline]


@admin.register(MatterEvent)
class MatterEventAdmin(ReadOnly):
    list_display = ["matter", "action", "from_status", "to_status", "actor", "at"]
    list_select_related = ["matter", "actor"]
