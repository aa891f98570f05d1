"""{% target_orders "petition" p %}: a record's supervision orders and the "发督办单"
button, for the petition, backlog case and risk matter pages (issue 18).

A template tag, so the lower apps' pages show orders without importing supervision."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from supervision.models import SupervisionOrder
from supervision.permissions import can_issue

register = template.Library()


@register.inclusion_tag("supervision/_target_orders.html", takes_context=True)
def target_orders(context, target_type: str, target) -> dict:
    user = context["request"].user
    orders = (SupervisionOrder.objects.filter(target_type=target_type, target_id=target.pk)
              .select_related("org_unit").order_by("-issued_on", "-id"))
    # The order goes to the unit that has the work now: the handling unit once assigned.
    unit = getattr(target, "handling_unit", None) or target.org_unit
    params = {"target_type": target_type, "org_unit": unit.code}
    number = getattr(target, "number", "")
    params.update({"target_number": number} if number else {"target_id": target.pk})
    return {"orders": orders, "can_issue": can_issue(user),
            "new_url": f"{reverse('supervision:order_new')}?{urlencode(params)}"}
