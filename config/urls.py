from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import OrgUnitViewSet, TokenView
from alerts import api as alerts_api
from backlog.api import CampaignViewSet, CaseViewSet, ImportView, StatsView
from core.session_views import session_renew
from dashboards.exports import export_view
from dashboards.views import home as dashboard
from dashboards.views import saved_view_delete, saved_view_save
from meetings.api import MeetingViewSet
from petitions.api import PetitionViewSet, ReceptionViewSet
from petitions.api import action_views as petition_action_views
from screening.api import CompletenessView, PeriodViewSet, ReportViewSet
from stability.api import MatterViewSet
from supervision import api as supervision_api

admin.site.site_header = _("Petition case management")
admin.site.site_title = _("Petition case management")

# The exporters behind /exports/<name>.xlsx (api.md, Excel exports).
EXPORTS = ("petitions", "backlog", "screening-completeness", "stability", "supervision",
           "assessment", "meetings", "upper-feedback")

router = DefaultRouter()
router.register("org-units", OrgUnitViewSet, basename="org-unit")
router.register("stability/matters", MatterViewSet, basename="stability-matter")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("receptions", ReceptionViewSet, basename="reception")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("screening/periods", PeriodViewSet, basename="screening-period")
router.register("screening/reports", ReportViewSet, basename="screening-report")
router.register("supervision/orders", supervision_api.OrderViewSet, basename="supervision-order")
router.register("supervision/notices", supervision_api.NoticeViewSet,
                basename="supervision-notice")
router.register("alerts", alerts_api.AlertViewSet, basename="alert")
router.register("backlog/campaigns", CampaignViewSet, basename="backlog-campaign")
router.register("backlog/cases", CaseViewSet, basename="backlog-case")

api_v1 = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    *[path(f"petitions/<int:pk>/{name}/", view.as_view(), name=f"petition-{name}")
      for name, view in petition_action_views.items()],
    path("screening/completeness/", CompletenessView.as_view(), name="screening-completeness"),
    path("supervision/assessment/", supervision_api.AssessmentView.as_view(),
         name="supervision-assessment"),
    path("backlog/stats/", StatsView.as_view(), name="backlog-stats"),
    path("backlog/import/", ImportView.as_view(), name="backlog-import"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", dashboard, name="home"),
    path("accounts/", include("accounts.urls")),
    path("petitions/", include("petitions.urls")),
    path("screening/", include("screening.urls")),
    path("backlog/", include("backlog.urls")),
    path("stability/", include("stability.urls")),
    path("supervision/", include("supervision.urls")),
    path("meetings/", include("meetings.urls")),
    path("supervision/", include("alerts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("session/renew/", session_renew, name="session_renew"),
    # One export view (dashboards.exports); the lists' export URLs of api.md keep
    # their names, so pages link them with {% url 'export-<name>' %}.
    *[path(f"exports/{name}.xlsx", export_view, {"name": name}, name=f"export-{name}")
      for name in EXPORTS],
    path("exports/<slug:name>.xlsx", export_view, name="export"),
    path("admin/", admin.site.urls),
    path("exports/jobs/", include("dashboards.urls")),
    # Saved views (issue 19): a user's named filter sets, found on the dashboard.
    path("saved-views/", saved_view_save, name="saved_view_save"),
    path("saved-views/<int:pk>/delete/", saved_view_delete, name="saved_view_delete"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

# Error pages in the site's layout and the user's language (JSON under /api/).
handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
# A dead database answers 503, anything else 500, each a Chinese page (core.guards).
handler500 = "core.guards.server_error"
