"""Audit of what is read rather than changed: exports and refused access."""

from django.core.exceptions import PermissionDenied

from audit.services import audit
from core.errors import OutOfScope


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        rows = response.get("X-Row-Count") if hasattr(response, "get") else None
        if rows is not None and request.user.is_authenticated:
            # Every export: who, which filters, how many rows (core.excel sets the count).
            audit(action="export", user=request.user, obj_type=request.path,
                  data={"filters": {k: v for k, v in request.GET.lists()}, "rows": int(rows)},
                  request=request)
        return response

    def process_exception(self, request, exception):
        audit_refusal(request, exception)
        return None


def audit_refusal(request, exception) -> None:
    """Log a 403, or a 404 on a real record outside the user's scope."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    if isinstance(exception, OutOfScope):
        audit(action="denied_out_of_scope", user=user, obj_type=exception.label,
              obj_id=exception.key, data={"path": request.path}, request=request)
    elif isinstance(exception, PermissionDenied):
        audit(action="denied_role", user=user, obj_type="", obj_id="",
              data={"path": request.path, "method": request.method}, request=request)


def audit_refusal_signal(sender, *, request, exception, **kwargs) -> None:
    """The same, for the refusals the API's exception handler reports (core.signals)."""
    audit_refusal(request, exception)
