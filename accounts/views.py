from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.tokens import api_tokens_revoke


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
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

    def form_valid(self, form):
        # A token taken with the old password must not outlive it.
        api_tokens_revoke(user=form.user)
        return super().form_valid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
