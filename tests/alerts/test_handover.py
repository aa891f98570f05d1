"""Issue 17, item 9: work handed to a township reaches its bell and to-do at once."""

from datetime import date
from unittest import mock

from alerts.models import Notification
from backlog.models import Campaign
from backlog.services import case_create
from petitions.services import petition_accept, petition_assign
from screening.models import ScreeningReport
from screening.services import screening_period_ensure, screening_report_return
from supervision.models import SupervisionOrder
from tests.builders import client_for, register

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def bell(client):
    return client.get("/supervision/bell/", **ZH).content.decode()


def test_an_assigned_petition_reaches_the_townships_bell_and_to_do_at_once(
        client, clerk, city_officer, t01, outsider, december):
    petition = register(city_officer, t01, received_on=date(2026, 11, 2))
    petition_accept(petition_id=petition.pk, actor=city_officer, on=date(2026, 11, 3))
    petition_assign(petition_id=petition.pk, actor=city_officer, org_unit=t01)
    note = Notification.objects.get(org_unit=t01, kind="handover")
    assert note.text == f"信访事项 {petition.number} 已交办本单位，请及时办理。" or \
        petition.number in note.text
    assert note.link == f"/petitions/{petition.pk}/"
    html = bell(client_for(client, clerk))
    assert petition.number in html and f'href="/petitions/{petition.pk}/"' in html
    # Its handling deadline is two months away, yet it is on the to-do today.
    home = client.get("/", **ZH).content.decode()
    todo = home[home.index('data-testid="todo"'):]
    assert "交办本单位" in todo and petition.number in todo
    # The other township hears nothing.
    assert petition.number not in bell(client_for(client, outsider))


def test_a_new_backlog_case_and_a_returned_report_reach_the_bell(client, clerk, leader,
                                                                 city_officer, t01):
    campaign = Campaign.objects.create(name="2026 积案化解", year=2026,
                                       starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
                                       created_by=city_officer)
    case = case_create(actor=city_officer, campaign=campaign, title="东关村宅基地纠纷",
                       org_unit=t01, leader=leader, due_on=date(2027, 3, 1),
                       assigned_on=date(2026, 11, 30))
    period, _ = screening_period_ensure(year=2026, month=11)
    report = ScreeningReport.objects.create(period=period, org_unit=t01, zero_report=True,
                                            status="submitted", created_by=clerk)
    screening_report_return(report_id=report.pk, actor=city_officer, reason="缺少村级明细",
                            today=date(2026, 11, 30))
    html = bell(client_for(client, clerk))
    # The case is named by its own number (issue 18), like XF-/DB- records.
    assert f"积案 {case.number} 已交办本单位" in html
    assert f'href="/backlog/{case.pk}/"' in html
    assert "2026年11月 排查报告 已退回更正。 缺少村级明细" in html
    assert f'href="/screening/reports/{report.pk}/"' in html
    home = client.get("/", **ZH).content.decode()
    returned = home[home.index('data-testid="todo-returned"'):]
    assert f'href="/screening/reports/{report.pk}/"' in returned[:500]


def test_an_overdue_order_in_the_to_do_is_marked_overdue(client, clerk, t01):
    order = SupervisionOrder.objects.create(
        number="DB-2026-000077", target_type="petition", target_id=1, org_unit=t01,
        level="general", due_on=date(2026, 10, 12), instructions="限期办结",
        issued_on=date(2026, 10, 1))
    with mock.patch("dashboards.views.local_today", return_value=date(2026, 10, 24)):
        home = client_for(client, clerk).get("/", **ZH).content.decode()
    assert SupervisionOrder.objects.filter(pk=order.pk, status="open").exists()
    line = home[home.index(f'href="/supervision/orders/{order.pk}/"') - 80:]
    line = line[:line.index("</li>")]
    assert 'class="text-danger"' in line and "已逾期" in line


def test_the_bell_polls_every_minute_only_while_the_tab_is_visible(client, clerk):
    html = bell(client_for(client, clerk))
    assert 'hx-trigger="bell-refresh"' in html and "data-bell-refresh" in html
    from pathlib import Path
    script = Path("static/js/app.js").read_text()
    assert "setInterval(refreshBell, 60000)" in script
    assert 'document.visibilityState !== "visible"' in script
