from django.urls import path

from stability import views

app_name = "stability"

urlpatterns = [
    path("", views.matter_list, name="index"),
    path("new/", views.matter_new, name="new"),
    # The name the screening app links to (?screening_item=ID).
    path("new/", views.matter_new, name="matter_create"),
    path("city/", views.risk_grid, name="grid"),
    path("raise/<str:kind>/<int:pk>/", views.matter_raise, name="raise"),
    path("<int:pk>/", views.matter_detail, name="detail"),
    path("<int:pk>/<str:name>/", views.matter_action, name="action"),
]
