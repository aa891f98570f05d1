from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse_lazy

from accounts.models import User
from accounts.tokens import api_tokens_revoke


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Someone already logged in who opens the login page goes to the
        # dashboard; but credentials posted by the next person at a shared
        # desk log *that* person in, rather than keeping the previous session.
        if request.method == "POST":
            self.redirect_authenticated_user = False
        return super().dispatch(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        # A token taken with the old password must not outlive it.
        user = form.user
        assert isinstance(user, User)  # AUTH_USER_MODEL; the stubs say AbstractBaseUser
        api_tokens_revoke(user=user)
        return super().form_valid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
