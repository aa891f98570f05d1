from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="index"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/items/<int:item_pk>/make-<slug:what>/", views.item_make, name="make"),
]
