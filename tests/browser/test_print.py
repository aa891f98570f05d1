"""The 督办单's 打印 button opens the print dialog (issue 19, item 7): it did nothing,
because the printable page loaded no script."""

from datetime import date

import pytest

from tests.browser.test_accessibility import signed_in
from tests.builders import order_row as make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_orders_print_button_prints(browser, live_server, supervisor, t01):
    order = make_order(t01, due_on=date(2026, 11, 30))
    context, page = signed_in(browser, live_server, supervisor)
    page.goto(f"{live_server.url}/supervision/orders/{order.pk}/")
    page.click("[data-testid=order-print]")
    page.wait_for_url(f"**/supervision/orders/{order.pk}/print/")
    assert "2026年11月30日" in page.locator("body").inner_text()
    page.evaluate("window.print = () => { window.printed = true; }")
    page.click("[data-testid=print]")
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=print]").is_visible()
    context.close()
