from django.urls import path

from petitions import papers, subject_access, views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_new, name="new"),
    path("print/", papers.petition_list_print, name="list_print"),
    path("check-petitioner/", views.petitioner_check, name="check_petitioner"),
    path("track/", views.petition_track, name="track"),
    path("petitioner-data/", subject_access.petitioner_data, name="petitioner_data"),
    path("petitioners/<int:pk>/", views.petitioner_edit, name="petitioner_edit"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.petition_action, name="action"),
    path("<int:pk>/papers/<slug:kind>/", papers.petition_paper, name="paper"),
    path("<int:pk>/papers/<slug:kind>.pdf", papers.petition_paper, {"as_pdf": True},
         name="paper_pdf"),
    path("<int:pk>/reveal/<int:petitioner_pk>/", views.petition_reveal, name="reveal"),
]
