from django.contrib import admin

from supervision.models import AccountabilityRecord, AssessmentRule, Notice, SupervisionOrder


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(admin.ModelAdmin):
    """The admin edits the weights; `recompute_assessment` applies them next run."""

    list_display = ["code", "label", "points", "active"]
    list_editable = ["points", "active"]
    readonly_fields = ["code"]

    def has_delete_permission(self, request, obj=None):
        return False  # rules are switched off, not deleted: scores name their codes


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(admin.ModelAdmin):
    list_display = ["number", "org_unit", "level", "due_on", "status", "escalation"]
    list_filter = ["status", "level", "escalation"]
    list_select_related = ["org_unit"]

    def has_change_permission(self, request, obj=None):
        return False  # changes go through the services, which write the events


admin.site.register(Notice, list_display=["title", "org_unit", "published_on"])
admin.site.register(AccountabilityRecord, list_display=["person", "org_unit", "rule",
                                                        "decided_on"])
