"""Every `<input type="date">` on every form page starts empty or with an ISO date.

A browser's date input drops any other value: Django rendering `2026/11/30`
under zh-hans made every petition action form start empty (issue 17).
"""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.dates import local_today
from petitions.models import Petition
from tests.builders import make_case, make_matter, register

DATE_INPUT = re.compile(r"<input\b[^>]*\btype=\"date\"[^>]*>")
VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The statuses whose detail page offers a dated action form.
DATED_STATUSES = ["registered", "accepted", "replied", "under_review", "reviewed",
                  "under_recheck", "rechecked"]


def date_values(html):
    """The value of each date input (empty string when it has none)."""
    out = []
    for tag in DATE_INPUT.findall(html):
        found = VALUE.search(tag)
        out.append(found.group(1) if found else "")
    return out


@pytest.fixture
def world(clerk, leader, city_officer, supervisor, t01, d01):
    from backlog import services as backlog_services
    today = local_today()
    campaign = backlog_services.campaign_create(
        actor=city_officer, name="积案化解年", year=today.year,
        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=180),
        launched_by_meeting="联席会议")
    petitions = {}
    for i, status in enumerate(DATED_STATUSES):
        p = register(clerk, t01, ids=(i + 1,), received_on=today - timedelta(days=5),
                     title=f"河道污染{i}")
        Petition.objects.filter(pk=p.pk).update(status=status)
        petitions[status] = p
    matter = make_matter(actor=clerk, unit=t01, leader=leader)
    case = make_case(city_officer, campaign, t01, leader)
    pages = [reverse("home"), reverse("petitions:list"), reverse("petitions:new"),
             reverse("stability:new"), reverse("stability:detail", args=[matter.pk]),
             reverse("backlog:new"), reverse("backlog:campaign_new"),
             reverse("backlog:detail", args=[case.pk]),
             reverse("supervision:order_new"), reverse("supervision:accountability_new"),
             reverse("supervision:notice_new")]
    pages += [reverse("petitions:detail", args=[p.pk]) for p in petitions.values()]
    return {"pages": pages, "people": [clerk, leader, city_officer, supervisor],
            "petitions": petitions}


def test_every_date_input_on_every_form_page_is_empty_or_iso(client, world):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    seen = 0
    for person in world["people"]:
        client.force_login(person)
        for url in world["pages"]:
            response = client.get(url)
            if response.status_code != 200:
                continue  # this role cannot use the page
            for value in date_values(response.content.decode()):
                seen += 1
                assert value == "" or ISO.match(value), (person.username, url, value)
    # The scan must have met the forms it exists for.
    assert seen >= 20


def test_petition_action_forms_start_with_todays_iso_date(client, world, clerk):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(clerk)
    page = client.get(reverse("petitions:detail", args=[world["petitions"]["registered"].pk]))
    html = page.content.decode()
    assert "受理" in html
    # 受理, 不予受理 and 转送 each carry today's date, ready to confirm.
    assert date_values(html).count(local_today().isoformat()) >= 3


def test_widget_renders_iso_under_chinese():
    from django.utils import translation

    from core.widgets import DateInput
    with translation.override("zh-hans"):
        html = DateInput().render("on", date(2026, 11, 30))
    assert 'value="2026-11-30"' in html and 'type="date"' in html
