"""Cases from above (上级交办/转送件) awaiting feedback to the upper office (issue 20)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from core.dates import local_today
from petitions.selectors import UPPER_STATES as STATES
from petitions.selectors import upper_cases_for
from workdays.services import due_soon_limit


@login_required
def upper_list(request):
    """The city sees every case from above; a unit those of its own scope."""
    today = local_today()
    state = request.GET.get("state") or "open"
    if state not in dict(STATES):
        state = "open"
    qs = upper_cases_for(user=request.user, state=state, today=today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "petitions/upper_list.html", {
        "page": page, "state": state, "states": STATES, "today": today,
        "soon": due_soon_limit(today)})
