"""Issue 17, done when: a township leader's working day in zh-CN (the to-do, an
extension request approved, the unit dashboard), every page checked for codes and
English words (tests/browser/journey.py)."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from petitions.models import Petition
from petitions.services import petition_accept, petition_request_extension
from tests.browser.journey import check_page, sign_in, visit
from tests.builders import PASSWORD, pin_clock, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 11, 18)


@pytest.fixture
def waiting(time_machine, clerk, leader, t01):
    """A petition accepted in October whose clerk asked yesterday for 30 more days."""
    pin_clock(time_machine, DAY, hour=9)
    petition = register(clerk, t01, received_on=DAY - timedelta(days=40), title="河道污染")
    petition_accept(petition_id=petition.pk, actor=clerk, on=DAY - timedelta(days=39))
    petition_request_extension(petition_id=petition.pk, actor=clerk, days=30,
                               reason="需会同环保部门现场监测", today=DAY - timedelta(days=1))
    return petition


def test_a_township_leaders_working_day(page, waiting):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "leader_T01", PASSWORD)
    # The to-do names the request to decide by its number.
    requests = page.locator("[data-testid=todo-extensions]")
    expect(requests).to_contain_text(waiting.number)
    expect(page.locator("[data-testid=todo-extensions-count]")).to_have_text("1")
    requests.get_by_role("link", name=waiting.number).click()
    page.wait_for_url(f"**/petitions/{waiting.pk}/")
    check_page(page)
    expect(page.locator("[data-testid=extension-pending]")).to_contain_text("需会同环保部门现场监测")

    page.click("[data-testid=open-approve_extension]")
    check_page(page)
    page.click("[data-testid=do-approve_extension]")
    expect(page.locator("[data-testid=extension-pending]")).to_have_count(0)
    check_page(page)
    waiting.refresh_from_db()
    assert (waiting.extended_days, waiting.extension_pending) == (30, False)
    assert Petition.objects.get().status == waiting.status

    # Back on the unit dashboard the request is gone from the to-do.
    visit(page, "/")
    expect(page.locator("[data-testid=todo-extensions]")).to_have_count(0)
    expect(page.locator("[data-testid=todo]")).to_be_visible()
    page.locator("#chart-volume canvas").first.wait_for()
