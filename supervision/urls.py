from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.index, name="index"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/remind/", views.order_bulk_remind, name="bulk_remind"),
    path("orders/targets/", views.order_targets, name="targets"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("orders/<int:pk>/print/", views.order_print, name="order_print"),
    path("orders/<int:pk>/print.pdf", views.order_print, {"as_pdf": True}, name="order_pdf"),
    path("orders/<int:pk>/<str:action>/", views.order_action, name="order_action"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("accountability/", views.accountability_list, name="accountability"),
    path("accountability/new/", views.accountability_new, name="accountability_new"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("alerts/", views.alert_list, name="alerts"),
]
