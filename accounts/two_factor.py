"""Two-factor authentication with a TOTP app (django-otp).

Required for the roles in OTP_REQUIRED_ROLES (admin and supervisor by
default), optional for everyone else. A user without a confirmed device sets
one up (the secret is shown once, as text and as an otpauth:// link); a user
with one confirms a code once per session.
"""

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AnyUser
from accounts.roles import has_role, signed_in
from audit.services import audit


class TokenForm(forms.Form):
    token = forms.RegexField(label=gettext_lazy("Six-digit code"), regex=r"^\d{6}$",
                             error_messages={"invalid": gettext_lazy("Enter the six digits the app shows.")})


def otp_required(user: AnyUser) -> bool:
    return bool(settings.OTP_REQUIRED_ROLES) and has_role(user, *settings.OTP_REQUIRED_ROLES)


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = signed_in(request.user)
    # Replacing a device needs the current one: otherwise a stolen password
    # would be enough to enrol the thief's phone.
    if user_has_device(user) and not user.is_verified():
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator",
                                           confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            audit(action="otp_setup", user=request.user, request=request)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect("home")
        form.add_error("token", _("That code is not right. Check the time on your phone."))
    secret = b32encode(device.bin_key).decode()
    return render(request, "accounts/otp_setup.html",
                  {"form": form, "secret": secret, "config_url": device.config_url})


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user):
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "home"
            return redirect(target or "home")
        audit(action="otp_failed", user=request.user, request=request)
        form.add_error("token", _("That code is not right."))
    return render(request, "accounts/otp_verify.html", {"form": form})
