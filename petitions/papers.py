"""Printing (issue 19, item 7). Papers handed to the petitioner, 受理告知书, 不予受理告知书
and 答复意见书, each a printable page and a PDF (core/printing.py); and the petition
list as a print view of all its filtered rows.

A paper exists once its step is done (accepted, declined, replied); before
that, and outside the user's scope, it is a 404 like the petition itself.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import local_today
from core.printing import paper_response
from petitions import deadlines as dl
from petitions.filters import PetitionFilter
from petitions.selectors import petition_get_for, petition_list_for

# kind -> (template, the field dated when the step was done)
PAPERS = {
    "acceptance": ("petitions/paper_acceptance.html", "accepted_on"),
    "decline": ("petitions/paper_decline.html", "declined_on"),
    "reply": ("petitions/paper_reply.html", "replied_on"),
}


@login_required
def petition_paper(request, pk, kind, as_pdf=False):
    p = petition_get_for(user=request.user, pk=pk)
    if kind not in PAPERS or getattr(p, PAPERS[kind][1]) is None:
        raise Http404
    template = PAPERS[kind][0]
    # The reply is the handling unit's; acceptance and declining the registering unit's.
    office = (p.handling_unit or p.org_unit) if kind == "reply" else p.org_unit
    context = {
        "p": p, "office": office, "kind": kind,
        "names": "、".join(link.petitioner.name for link in p.links.all()),
        "handling_days": dl.HANDLING_DAYS, "review_days": dl.REQUEST_WINDOW_DAYS,
        "track_url": request.build_absolute_uri(reverse("petitions:track")),
    }
    return paper_response(request, template=template, context=context,
                          filename=f"{p.number}-{kind}", as_pdf=as_pdf)


# A printed list is for reading on paper: beyond this the office exports to Excel.
PRINT_LIMIT = 1000


def _filters_in_words(flt: PetitionFilter) -> list[tuple[str, str]]:
    """(label, value) of each filter the list was narrowed by, as words for the header."""
    if not flt.is_bound or not flt.form.is_valid():
        return []
    words = []
    for name, field in flt.form.fields.items():
        value = flt.form.cleaned_data.get(name)
        if value in (None, "", []):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        else:
            shown = str(choices.get(value, value))
        words.append((str(field.label), shown))
    return words


@login_required
def petition_list_print(request):
    """Every row of the filtered list (up to PRINT_LIMIT) with a header saying what it is,
    for printing: the screen list prints only its page of 50."""
    today = local_today()
    flt = PetitionFilter(request.GET or None, queryset=petition_list_for(user=request.user),
                         today=today)
    qs = flt.qs if flt.is_bound else flt.queryset
    total = qs.count()
    return render(request, "petitions/petition_list_print.html", {
        "rows": qs[:PRINT_LIMIT], "total": total, "limit": PRINT_LIMIT,
        "capped": total > PRINT_LIMIT, "filters": _filters_in_words(flt), "today": today,
        "query": request.GET.urlencode(), "unit": request.user.org_unit,
    })
