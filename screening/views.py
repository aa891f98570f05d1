from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _


@login_required
def index(request):
    # The module's own issue replaces this page with its list.
    return render(request, "module_pending.html", {"title": _("Monthly screening")})
