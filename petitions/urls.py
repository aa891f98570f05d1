from django.urls import path

from petitions import papers, subject_access, views, views_receptions, views_upper

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_new, name="new"),
    path("assign/", views.petition_bulk_assign, name="bulk_assign"),
    path("print/", papers.petition_list_print, name="list_print"),
    path("check-petitioner/", views.petitioner_check, name="check_petitioner"),
    path("upper/", views_upper.upper_list, name="upper"),
    path("receptions/", views_receptions.reception_list, name="receptions"),
    path("receptions/<int:pk>/", views_receptions.reception_detail, name="reception"),
    path("track/", views.petition_track, name="track"),
    path("petitioner-data/", subject_access.petitioner_data, name="petitioner_data"),
    path("petitioners/<int:pk>/", views.petitioner_edit, name="petitioner_edit"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/act/<slug:action>/", views.petition_action, name="action"),
    path("<int:pk>/history/", views.petition_history, name="history"),
    path("<int:pk>/papers/<slug:kind>/", papers.petition_paper, name="paper"),
    path("<int:pk>/papers/<slug:kind>.pdf", papers.petition_paper, {"as_pdf": True},
         name="paper_pdf"),
    path("<int:pk>/reveal/<int:petitioner_pk>/", views.petition_reveal, name="reveal"),
]
