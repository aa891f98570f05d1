"""The bell and marking notifications read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.scoping import scoped
from alerts import services
from alerts.models import Alert
from alerts.selectors import notifications_for


@login_required
@require_POST
def notifications_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.notification_mark_read(user=request.user, notification_ids=ids)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "supervision:index"  # never an open redirect to another site
    return redirect(target)


@login_required
def bell(request):
    """The navigation bell, fetched by htmx after the page has loaded."""
    user = request.user
    alerts = scoped(Alert.objects.filter(cleared_on__isnull=True), user).count()
    unread = notifications_for(user=user).filter(read_at__isnull=True)
    notes = list(unread[:5])
    count = unread.count() if len(notes) == 5 else len(notes)
    return render(request, "alerts/_bell.html", {
        "bell_alerts": alerts, "bell_notifications": notes, "bell_count": alerts + count})
