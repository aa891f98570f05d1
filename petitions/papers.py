"""Papers handed to the petitioner (issue 19, item 7): 受理告知书, 不予受理告知书 and
答复意见书, each a printable page and a PDF (core/printing.py).

A paper exists once its step is done (accepted, declined, replied); before
that, and outside the user's scope, it is a 404 like the petition itself.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse

from core.printing import paper_response
from petitions import deadlines as dl
from petitions.selectors import petition_get_for

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
