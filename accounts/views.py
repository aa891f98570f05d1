from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.roles import ADMIN, has_role, is_city_role
from accounts.scoping import units_for
from common.calendar import calendar_warnings
from common.dates import local_today


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def dashboard(request):
    """The home page of the user's role; the dashboards issue fills in the figures."""
    user = request.user
    context = {
        "is_city": is_city_role(user),
        "unit": user.org_unit,
        "unit_count": units_for(user).count(),
        "calendar_warnings": calendar_warnings(local_today()) if has_role(user, ADMIN) else [],
    }
    return render(request, "accounts/dashboard.html", context)
