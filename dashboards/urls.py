from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("<int:pk>/", views.export_job, name="export_job"),
    path("<int:pk>/status/", views.export_job_status, name="export_job_status"),
    path("<int:pk>/download/", views.export_job_download, name="export_job_download"),
]
