"""API plumbing shared by every app: pagination and error bodies (api.md)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import TransitionError
from common.middleware import audit_refusal


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def validation_error_body(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}
    return {"detail": " ".join(str(m) for m in error.messages)}


def exception_handler(exc, context):
    """DRF's handler, plus the domain errors services raise."""
    request = context.get("request")
    if request is not None and isinstance(exc, Http404 | PermissionDenied | DRFPermissionDenied):
        audit_refusal(request, exc if not isinstance(exc, DRFPermissionDenied)
                      else PermissionDenied())
    if isinstance(exc, TransitionError):
        return Response({"detail": str(exc.message)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Permission denied."},
                        status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
