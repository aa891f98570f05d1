"""Issue 17, item 3: the pages supervisors read most show words and record numbers,
linked to the record, never a code or a database id (zh-hans)."""

import re
from datetime import date

from alerts.models import Alert
from screening.services import screening_period_ensure
from supervision.assessment import assessment_recompute
from supervision.models import AssessmentScore
from tests.builders import client_for, register

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
CODE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b[a-z_]+:\d+\b|#\d+")


def visible(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_alert_list_names_each_record_by_its_number_and_links_it(client, supervisor,
                                                                      order, t01):
    period, _ = screening_period_ensure(year=2026, month=11)
    Alert.objects.create(kind="supervision_overdue", org_unit=t01, target_type="supervision_order",
                         target_id=order.pk, due_on=order.due_on, raised_on=date(2026, 10, 13))
    Alert.objects.create(kind="report_missing", org_unit=t01, target_type="screening_period",
                         target_id=period.pk, due_on=period.due_on, raised_on=period.due_on)
    html = client_for(client, supervisor).get("/supervision/alerts/", **ZH).content.decode()
    table = html[html.index('data-testid="alerts"'):]
    assert f'<a href="/supervision/orders/{order.pk}/">督办单 {order.number}</a>' in table
    assert "2026年11月 排查报告" in table and "/screening/grid/?year=2026" in table
    assert "督办单逾期" in table or "督办" in table
    assert not CODE.findall(visible(table[:table.index("</table>")]))


def test_the_deductions_read_as_rules_and_linked_record_numbers(client, supervisor, clerk,
                                                                t01):
    petition = register(clerk, t01, received_on=date(2026, 10, 8))
    petition.is_level_skipping = True
    petition.save(update_fields=["is_level_skipping"])
    period, _ = screening_period_ensure(year=2026, month=9)
    Alert.objects.create(kind="report_missing", org_unit=t01, target_type="screening_period",
                         target_id=period.pk, due_on=date(2026, 10, 5),
                         raised_on=date(2026, 10, 6))
    assessment_recompute(as_of=date(2026, 10, 31))
    score = AssessmentScore.objects.get(org_unit=t01, period_kind="month", period=10)
    html = client_for(client, supervisor).get(f"/supervision/assessment/{score.pk}/",
                                              **ZH).content.decode()
    table = html[html.index('data-testid="deductions"'):html.index("</table>")]
    assert "越级访事项未在排查中提前报告" in table and "矛盾纠纷排查报告未报" in table
    assert (f'<a href="/petitions/{petition.pk}/">信访事项 {petition.number}</a>' in table)
    assert "2026年9月 排查报告" in table
    assert "<td>2026-10-05</td>" in table  # the day the duty fell due (issue 18)
    text = visible(table)
    assert not CODE.findall(text), CODE.findall(text)
    assert "due " not in text


def test_a_deleted_record_reads_as_deleted_not_as_its_id(client, supervisor, t01):
    Alert.objects.create(kind="report_missing", org_unit=t01, target_type="screening_period",
                         target_id=987654, due_on=date(2026, 10, 5), raised_on=date(2026, 10, 6))
    html = client_for(client, supervisor).get("/supervision/alerts/", **ZH).content.decode()
    assert "（已删除）" in html and "987654" not in visible(html)
