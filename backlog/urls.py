from django.urls import path

from backlog import views

app_name = "backlog"

urlpatterns = [
    path("", views.index, name="index"),
    path("candidates/", views.candidates, name="candidates"),
    path("new/", views.case_new, name="new"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/errors/<str:token>.xlsx", views.import_errors, name="import_errors"),
    path("import/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("import/jobs/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/evidence/<int:evidence_id>/", views.evidence_download,
         name="evidence_download"),
    path("<int:pk>/<str:action>/", views.case_action, name="action"),
]
