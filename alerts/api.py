"""The alerts API (api.md, Alerts)."""

from rest_framework import serializers, viewsets

from alerts.models import Alert
from alerts.selectors import alert_list_for


class AlertSerializer(serializers.ModelSerializer):
    org_unit = serializers.CharField(source="org_unit.code")

    class Meta:
        model = Alert
        fields = ["id", "kind", "org_unit", "target_type", "target_id", "due_on", "raised_on",
                  "cleared_on"]


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AlertSerializer

    def get_queryset(self):
        params = self.request.query_params
        return alert_list_for(user=self.request.user, kind=params.get("kind", ""),
                              org_unit=params.get("org_unit", ""), open=params.get("open", ""))
