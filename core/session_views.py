"""The "continue working" button: renew the idle expiry without leaving the page."""

import time

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

SESSION_SEEN = "seen_at"  # accounts.middleware writes the same key on each page


def seconds_left(request: HttpRequest) -> int:
    """Until the idle expiry: the session's last write plus SESSION_COOKIE_AGE."""
    seen = request.session.get(SESSION_SEEN, time.time())
    return max(0, int(settings.SESSION_COOKIE_AGE - (time.time() - seen)))


@login_required
@require_POST
def session_renew(request: HttpRequest) -> JsonResponse:
    # Writing the session saves it with a fresh SESSION_COOKIE_AGE expiry.
    request.session[SESSION_SEEN] = time.time()
    return JsonResponse({"seconds_left": settings.SESSION_COOKIE_AGE})
