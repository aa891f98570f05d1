"""Words for the records that assessment deductions name (issue 17: words, not codes).

A deduction names its record as "type:id". `reference_texts` turns a batch of
them into what a reader knows the record by: its own number (XF-…, DB-…), the
screening report of a month, a notice's title. One query per record type.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _


def _petitions(ids):
    from petitions.models import Petition
    return {pk: number for pk, number in Petition.objects.filter(pk__in=ids)
            .values_list("pk", "number")}


def _periods(ids):
    from screening.models import ScreeningPeriod
    return {pk: _("%(year)s-%(month)s screening report") % {"year": year, "month": month}
            for pk, year, month in ScreeningPeriod.objects.filter(pk__in=ids)
            .values_list("pk", "year", "month")}


def _orders(ids):
    from supervision.models import SupervisionOrder
    return {pk: number for pk, number in SupervisionOrder.objects.filter(pk__in=ids)
            .values_list("pk", "number")}


def _notices(ids):
    from supervision.models import Notice
    return {pk: _("Notice: %(title)s") % {"title": title} for pk, title in
            Notice.objects.filter(pk__in=ids).values_list("pk", "title")}


def _backlog_cases(ids):
    # "积案 JA-2026-000012": the case's own number (issue 18).
    from backlog.models import BacklogCase
    return {pk: _("Backlog case %(number)s") % {"number": number} for pk, number in
            BacklogCase.objects.filter(pk__in=ids).values_list("pk", "number")}


def _matters(ids):
    from stability.models import RiskMatter
    return {pk: _("Risk matter %(number)s") % {"number": number} for pk, number in
            RiskMatter.objects.filter(pk__in=ids).values_list("pk", "number")}


_READERS = {"petition": _petitions, "screening_period": _periods,
            "supervision_order": _orders, "notice": _notices, "backlog_case": _backlog_cases,
            "stability_matter": _matters}


def reference_texts(refs: Iterable[str]) -> dict[str, str]:
    """{"petition:281": "XF-2026-000281", "screening_period:3": "2026年11月 排查报告", …}."""
    wanted = defaultdict(set)
    for ref in refs:
        kind, _sep, key = ref.partition(":")
        if kind in _READERS and key.isdigit():
            wanted[kind].add(int(key))
    texts = {}
    for kind, ids in wanted.items():
        for pk, text in _READERS[kind](ids).items():
            texts[f"{kind}:{pk}"] = text
    return texts
