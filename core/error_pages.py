"""The 400/403/404/500 pages: the site's layout, the user's language, a way home.

Under /api/ the same errors are the API's JSON body ({"detail": ...}), as
core/api.py's exception handler writes them. The 500 page renders without
the request (no context processors, no database): whatever failed may fail again.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def _minimal(template_name: str, status: int) -> HttpResponse:
    return HttpResponse(loader.get_template(template_name).render(), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(_("The request could not be understood."), 400)
    return _minimal("400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(_("Your role may not do this."), 403)
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json(_("Not found."), 404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(_("Something went wrong on the server; the error was logged."), 500)
    return _minimal("500.html", 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that is too old (a new login, an expired session)."""
    return render(request, "403_csrf.html", status=403)
