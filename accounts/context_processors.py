from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import (
    ADMIN,
    ROLE_LABELS,
    is_city_role,
    is_village_clerk_only,
    primary_role,
    user_roles,
)

# (url name, label, who sees it): every role works in every module, scoped to
# its units; the admin link only for administrators. A village clerk (村信息员) files
# the village's screening report and nothing else, so sees the screening link alone.
NAV_ITEMS = [
    ("home", _("Dashboard"), None),
    ("petitions:list", _("Petitions"), None),
    ("screening:index", _("Screening"), None),
    ("backlog:index", _("Backlog"), None),
    ("stability:index", _("Stability"), None),
    ("supervision:index", _("Supervision"), None),
    ("meetings:index", _("Joint meetings"), None),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_roles(user)
    items = [{"url": reverse(name), "label": label,
              "active": request.path == reverse(name) if name == "home"
              else request.path.startswith(reverse(name))}
             for name, label, _who in NAV_ITEMS
             if name == "screening:index" or not is_village_clerk_only(user)]
    role = primary_role(user)
    return {
        "nav_items": items,
        "nav_is_admin": ADMIN in roles or user.is_staff,
        "nav_is_city": is_city_role(user),
        "nav_role_label": ROLE_LABELS.get(role, "") if role else "",
    }
