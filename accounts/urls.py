from django.urls import path

from accounts import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("two-factor/setup/", two_factor.otp_setup, name="otp_setup"),
    path("two-factor/", two_factor.otp_verify, name="otp_verify"),
]
