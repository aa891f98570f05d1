"""API plumbing shared by every app: pagination and error bodies (api.md)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import TransitionError
from core.signals import access_refused


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def validation_error_body(error: DjangoValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}
    return {"detail": " ".join(str(m) for m in error.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the domain errors services raise."""
    request = context.get("request")
    if request is not None and isinstance(exc, Http404 | PermissionDenied | DRFPermissionDenied):
        access_refused.send(sender=exception_handler, request=request,
                            exception=exc if not isinstance(exc, DRFPermissionDenied)
                            else PermissionDenied())
    if isinstance(exc, TransitionError):
        return Response({"detail": str(exc.message)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or _("Your role may not do this.")},
                        status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ParseError):
        # DRF's message quotes the parser's English ("Expecting value: line 1 ...").
        return Response({"detail": _("The request body is not valid JSON.")},
                        status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
