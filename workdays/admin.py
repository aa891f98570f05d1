from django.contrib import admin, messages

from core.dates import local_today
from workdays.models import CalendarDay
from workdays.services import calendar_warnings


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["name"]

    def changelist_view(self, request, extra_context=None):
        for warning in calendar_warnings(local_today()):
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)
