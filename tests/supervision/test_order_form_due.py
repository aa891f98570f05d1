"""Issue 17: issuing an order needs no date typed by hand: the form's due date starts
ten working days ahead, in ISO (an <input type=date> drops anything else)."""

from datetime import date

import pytest

from tests.builders import client_for

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.mark.django_db
def test_the_new_order_form_starts_with_a_due_date_ten_working_days_ahead(
        client, supervisor, today):
    page = client_for(client, supervisor).get("/supervision/orders/new/", **ZH)
    assert page.status_code == 200
    # 2026-11-18 is a Wednesday: ten working days later is Wednesday 2 December.
    assert 'name="due_on" value="2026-12-02"' in page.content.decode()
    assert today == date(2026, 11, 18)


@pytest.mark.django_db
def test_a_due_date_in_the_address_wins(client, supervisor, today):
    page = client_for(client, supervisor).get("/supervision/orders/new/?due_on=2026-11-30", **ZH)
    assert 'name="due_on" value="2026-11-30"' in page.content.decode()
