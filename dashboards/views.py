"""`/`: the dashboard of the user's role (api.md, Pages)."""

import calendar
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import OrgUnit, User
from accounts.roles import ADMIN, has_role, is_city_role, is_village_clerk_only
from accounts.scoping import not_found, units_for
from audit.services import audit
from core.dates import local_today
from core.excel import XLSX, content_disposition
from core.exports import exporter_class
from core.files import files
from dashboards import services
from dashboards.export_runner import export_path
from dashboards.models import ExportJob, SavedView
from dashboards.selectors import (
    SCREENING_LEGEND,
    DashboardFilters,
    city_todo_for,
    dashboard_figures,
    saved_views_for,
    todo_for,
)
from workdays.services import calendar_warnings


def _parse_date(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def filters_from(request, today: date, units: list[OrgUnit]) -> DashboardFilters:
    start = _parse_date(request.GET.get("from"), date(today.year, 1, 1))
    end = _parse_date(request.GET.get("to"), today)
    if start > end:
        start, end = end, start
    unit = None
    code = (request.GET.get("unit") or "").strip().upper()
    if code:
        # `units` is the user's scope: a unit outside it does not exist for them (domain.md).
        unit = next((u for u in units if u.code == code), None)
        if unit is None:
            raise not_found(OrgUnit.objects.all(), code=code)  # audited if it exists
    return DashboardFilters(start=start, end=end, unit=unit)


def _url(name: str, *, bases: dict | None = None, **params) -> str:
    """`name`'s URL with the non-empty params; `bases` memoizes reverse() within one
    page (build_charts links every bar)."""
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    if bases is None:
        base = reverse(name)
    else:
        base = bases.get(name) or bases.setdefault(name, reverse(name))
    return base + (f"?{query}" if query else "")


def _month_range(year: int, month: int) -> tuple[str, str]:
    last = calendar.monthrange(year, month)[1]
    return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last:02d}"


def build_charts(figures: dict, flt: DashboardFilters, *, city: bool = True) -> list[dict]:
    """Chart specifications (one generic renderer in static/js/dashboard.js draws them
    and the template draws the same data as a table). Each category has the URL of the
    list behind it; the level-skipping list is the city's (issue 20, item 10), so a
    unit's chart links the month's petitions instead."""
    unit = flt.unit_code
    bases: dict[str, str] = {}
    span = {"received_from": flt.start.isoformat(), "received_to": flt.end.isoformat()}
    vol = figures["volume"]
    year = vol["year"]
    month_links = [_url("petitions:list", bases=bases, org_unit=unit,
                        **dict(zip(("received_from", "received_to"),
                                   _month_range(year, m), strict=True)))
                   for m in range(1, 13)]
    skip_links = [link + ("&" if "?" in link else "?") + "is_level_skipping=true"
                  for link in month_links] if city else month_links
    brk = figures["breakdown"]
    overdue = figures["overdue"]["units"]
    backlog = figures["backlog"]
    ranking = figures["assessment"]["rows"]
    month_names = [str(int(m)) for m in vol["months"]]
    # Months after the range's end have no figures yet: null, not a fall to 0.
    shown = flt.end.month if flt.end.year == year else 12

    def so_far(data):
        return list(data[:shown]) + [None] * (len(data) - shown)

    volume_series = [{"name": str(year), "data": so_far(vol["this_year"])}]
    if any(vol["last_year"]):  # no comparison line without last year's records
        volume_series.append({"name": str(year - 1), "data": vol["last_year"]})
    charts = [
        {"id": "volume", "kind": "line", "title": _("Petitions by month: %(this)s against %(last)s")
         % {"this": year, "last": year - 1},
         "categories": month_names, "links": month_links,
         "series": volume_series},
        {"id": "channel", "kind": "pie", "title": _("By channel"),
         "categories": [c["label"] for c in brk["channels"]],
         "links": [_url("petitions:list", bases=bases, channel=c["key"], org_unit=unit, **span)
                   for c in brk["channels"]],
         "series": [{"name": _("Petitions"), "data": [c["n"] for c in brk["channels"]]}]},
        {"id": "category", "kind": "hbar", "title": _("By category"),
         "categories": [c["label"] for c in brk["categories"]],
         "links": [_url("petitions:list", bases=bases, category=c["key"], org_unit=unit, **span)
                   for c in brk["categories"]],
         "series": [{"name": _("Petitions"), "data": [c["n"] for c in brk["categories"]]}]},
        {"id": "overdue", "kind": "hbar", "title": _("Overdue steps by unit"),
         "categories": [u["name"] for u in overdue],
         "links": [_url("petitions:list", bases=bases, step_unit=u["code"], overdue="true") for u in overdue],
         "series": [{"name": _("Overdue"), "data": [u["n"] for u in overdue]}]},
        {"id": "flags", "kind": "bar", "title": _("Level-skipping and collective petitions, %(year)s")
         % {"year": year},
         "categories": month_names, "links": skip_links,
         "series": [{"name": _("Level-skipping"), "data": so_far(vol["level_skipping"])},
                    {"name": _("Collective"), "data": so_far(vol["collective"])}]},
        {"id": "backlog", "kind": "bar", "title": _("Backlog: new cases and open stock by month"),
         "categories": backlog["months"],
         "links": [_url("backlog:index", bases=bases, org_unit=unit)] * len(backlog["months"]),
         "series": [{"name": _("New"), "data": backlog["new"]},
                    {"name": _("Open stock"), "data": backlog["stock_by_month"],
                     "type": "line"}]},
        {"id": "ranking", "kind": "hbar", "title": _("Assessment ranking"),
         "categories": [r["name"] for r in ranking],
         "links": [_url("supervision:assessment", bases=bases, year=r["year"], month=r["month"])
                   for r in ranking],
         "series": [{"name": _("Score"), "data": [r["score"] for r in ranking]}]},
    ]
    for chart in charts:
        chart["rows"] = [{"label": label, "link": chart["links"][i],
                          "values": [s["data"][i] for s in chart["series"]]}
                         for i, label in enumerate(chart["categories"])]
    return charts


@login_required
def home(request):
    user = request.user
    if is_village_clerk_only(user):
        # A village clerk's work is the village's screening report (issue 20, item 5).
        return redirect("screening:index")
    today = local_today()
    units = list(units_for(user))  # whole rows: deferred fields cost more to build
    own = next((u for u in units if u.pk == user.org_unit_id), None)
    if own is not None:  # the page header shows the user's unit: no second read of it
        User.org_unit.field.set_cached_value(user, own)
    flt = filters_from(request, today, units)
    figures = dashboard_figures(user=user, flt=flt, today=today, units=units)
    is_city = is_city_role(user)
    context = {
        "is_city": is_city,
        "unit": user.org_unit,
        "unit_count": len(units),
        "units": units,
        "flt": flt,
        "today": today,
        "figures": figures,
        "charts": build_charts(figures, flt, city=is_city),
        "screening_legend": SCREENING_LEGEND,
        "todo": None if is_city else todo_for(user=user, today=today),
        "city_todo": city_todo_for(user=user, today=today) if is_city else None,
        "calendar_warnings": calendar_warnings(today) if has_role(user, ADMIN) else [],
        "saved_views": saved_views_for(user=user) if services.can_save_views(user) else None,
        "links": {
            "supervision_open": _url("supervision:index", status="open", org_unit=flt.unit_code),
            "supervision_overdue": _url("supervision:index", view="overdue",
                                        org_unit=flt.unit_code),
            "backlog": _url("backlog:index", org_unit=flt.unit_code),
            "screening": _url("screening:grid", year=figures["screening"]["year"]),
            "overdue": _url("petitions:list", overdue="true", org_unit=flt.unit_code),
            # The 进京 / 越级 lists: city roles only (audited); units see the counts.
            "national": _url("petitions:list", level="national", org_unit=flt.unit_code,
                             received_from=flt.start.isoformat(),
                             received_to=flt.end.isoformat()) if is_city else "",
            "skipping": _url("petitions:list", is_level_skipping="true",
                             org_unit=flt.unit_code, received_from=flt.start.isoformat(),
                             received_to=flt.end.isoformat()) if is_city else "",
        },
    }
    return render(request, "dashboards/home.html", context)


@login_required
@require_POST
def saved_view_save(request):
    """Save the list's current filters under a name (from the list page's form)."""
    if not services.can_save_views(request.user):
        raise PermissionDenied
    list_name = request.POST.get("list_name", "")
    try:
        view = services.saved_view_save(actor=request.user, name=request.POST.get("name", ""),
                                        list_name=list_name,
                                        query=request.POST.get("query", ""))
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
        url_name = SavedView.LIST_URLS.get(list_name)
        query = request.POST.get("query", "")
        if url_name is None:
            return redirect("home")
        return redirect(f"{reverse(url_name)}?{query}" if query else reverse(url_name))
    messages.success(request, _("Saved view “%(name)s” is on your dashboard.")
                     % {"name": view.name})
    base = reverse(SavedView.LIST_URLS[view.list_name])
    return redirect(f"{base}?{view.query}" if view.query else base)


@login_required
@require_POST
def saved_view_delete(request, pk):
    try:
        services.saved_view_delete(actor=request.user, view_id=pk)
    except SavedView.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The saved view is deleted."))
    return redirect("home")


def _job_for(request, pk):
    # A job is its owner's alone: anyone else gets a 404, like an out-of-scope record.
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


@login_required
def export_job(request, pk):
    """The progress page of a large export; the status box polls itself with htmx."""
    return render(request, "dashboards/export_job.html", {"job": _job_for(request, pk)})


@login_required
def export_job_status(request, pk):
    return render(request, "dashboards/_export_status.html", {"job": _job_for(request, pk)})


@login_required
def export_job_download(request, pk):
    job = _job_for(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file_name:
        raise Http404
    try:  # streamed from the files storage, whichever machine wrote it (core.files)
        handle = files.open(export_path(job.file_name), "rb")
    except FileNotFoundError:
        raise Http404 from None
    # The audit trail of exports (audit.middleware audits the streamed ones by their
    # X-Row-Count): who downloaded which export, with which filters, how many rows.
    audit(action="export", user=request.user, obj_type=f"/exports/{job.name}.xlsx",
          obj_id=job.pk, data={"filters": {k: [v] for k, v in job.params.items()},
                               "rows": job.done}, request=request)
    exporter = exporter_class(job.name)(user=request.user, params=job.params,
                                        today=timezone.localdate(job.created_at))
    response = FileResponse(handle, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(exporter.filename(),
                                                          exporter.ascii_filename())
    response["Cache-Control"] = "no-store"
    return response
