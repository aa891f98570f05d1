from django.urls import path

from alerts import views

app_name = "alerts"

# Mounted under /supervision/ so the paths stay those the bell always used.
urlpatterns = [
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("bell/", views.bell, name="bell"),
]
