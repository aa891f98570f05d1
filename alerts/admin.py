from django.contrib import admin

from alerts.models import Alert

admin.site.register(Alert, list_display=["kind", "org_unit", "target_type", "target_id",
                                         "due_on", "raised_on", "cleared_on"],
                    list_filter=["kind"], list_select_related=["org_unit"])
