from django.urls import path

from stability import views

app_name = "stability"

urlpatterns = [
    path("", views.index, name="index"),
]
