"""Issue 17, done when: the administrator's day in zh-CN: the home page, the admin
index and the audit pages it reaches, every page checked for codes and English
words (tests/browser/journey.py)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from audit.models import AuditEntry
from petitions.services import petition_reveal_id
from tests.browser.journey import check_page, sign_in, visit
from tests.builders import PASSWORD, pin_clock, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = date(2026, 11, 18)


@pytest.fixture
def logged(time_machine, admin_user, clerk, t01):
    """A day's audit trail: logins, and a clerk who showed a full ID number."""
    pin_clock(time_machine, DAY, hour=9)
    petition = register(clerk, t01, received_on=DAY)
    petition_reveal_id(petition=petition, petitioner=petition.petitioners.first(), actor=clerk)
    return petition


def test_the_administrators_day(page, logged):
    sign_in(page, "admin", PASSWORD)
    visit(page, "/admin/")
    page.click("#content-main a[href='/admin/audit/auditentry/']")
    page.wait_for_url("**/admin/audit/auditentry/")
    check_page(page)
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == AuditEntry.objects.count()
    # One entry, read in full.
    reveal = AuditEntry.objects.exclude(action__startswith="login").first()
    page.locator("#result_list tbody tr th a").nth(
        list(AuditEntry.objects.order_by("-at", "-id").values_list("pk", flat=True))
        .index(reveal.pk)).click()
    page.wait_for_url(f"**/admin/audit/auditentry/{reveal.pk}/change/")
    check_page(page)
    # The filters on the side: by action.
    visit(page, "/admin/audit/auditentry/?action=login")
    visit(page, "/admin/audit/auditcheckpoint/")
