from django.contrib import admin

from screening.models import ScreeningPeriod, ScreeningReport, ScreeningSettings


@admin.register(ScreeningSettings)
class ScreeningSettingsAdmin(admin.ModelAdmin):
    list_display = ["due_day", "lock_days", "reminder_working_days"]

    def has_add_permission(self, request):
        # One row of settings: edit it, don't add another.
        return not ScreeningSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScreeningPeriod)
class ScreeningPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "opens_on", "due_on", "locks_on", "methods"]
    list_filter = ["year"]


@admin.register(ScreeningReport)
class ScreeningReportAdmin(admin.ModelAdmin):
    list_display = ["period", "org_unit", "status", "zero_report", "method", "late",
                    "submitted_at"]
    list_filter = ["status", "late", "zero_report", "period__year"]
    list_select_related = ["period", "org_unit"]
    readonly_fields = ["period", "org_unit", "status", "submitted_at", "first_submitted_at",
                       "late", "returned_reason", "created_by"]
