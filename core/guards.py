"""The outer guards against hostile requests and a dead database (issue 16).

- A query string carrying control characters or oversized values is refused
  with 400 before any view parses it (PostgreSQL refuses NUL in a literal).
- A JSON API body over API_MAX_BODY_BYTES is refused with 413 before it is
  read (the browser forms are capped by DATA_UPLOAD_MAX_MEMORY_SIZE; DRF reads
  the stream directly and was not).
- API answers and the public lookup are never cached (personal data).
- `server_error` (handler500) answers 503 with a Chinese page while
  PostgreSQL is down; Django's connection health checks reconnect afterwards.
"""

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.text import has_control_characters

# A filter value longer than this is not a search anyone types.
MAX_QUERY_VALUE = 1000
NO_STORE_PREFIXES = ("/api/", "/petitions/track/")


def _refusal(request: HttpRequest, status: int, message: str | Promise) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(message)}, status=status)
    # Before LocaleMiddleware, or after a failure: the site's language, explicitly.
    with translation.override(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)):
        html = render_to_string("errors/refused.html", {"status": status,
                                                        "message": str(message)})
    return HttpResponse(html, status=status)


def _bad_query(request: HttpRequest) -> bool:
    for key, values in request.GET.lists():
        for text in [key, *values]:
            if has_control_characters(text) or len(text) > MAX_QUERY_VALUE:
                return True
    return False


def _body_too_big(request: HttpRequest) -> bool:
    if not request.path.startswith("/api/"):
        return False
    if request.content_type == "multipart/form-data":
        return False  # the workbook upload: bounded by its own checks (backlog.imports)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.API_MAX_BODY_BYTES


class HostileRequestMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _bad_query(request):
            return _refusal(request, 400, _("The address contains characters or values that "
                                            "cannot be used in a search."))
        if _body_too_big(request):
            return _refusal(request, 413, _("The request is too large."))
        response = self.get_response(request)
        if request.path.startswith(NO_STORE_PREFIXES):
            patch_cache_control(response, no_store=True, private=True)
        return response


def server_error(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """handler500: a dead database is a 503 with a Chinese page, not a 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        response = _refusal(request, 503, _("The database is unavailable. Please try again in "
                                            "a few minutes."))
        response["Retry-After"] = "60"
        return response
    from core.error_pages import server_error as in_the_site_layout

    return in_the_site_layout(request)
