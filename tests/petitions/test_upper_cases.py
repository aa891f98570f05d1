"""Cases from above (上级交办/转送件) and feedback upward (issue 20, item 1)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from alerts.models import Alert
from core.errors import TransitionError
from core.jobs import run_job
from petitions import services as sv
from petitions.models import Petition
from supervision.assessment import compute_year
from supervision.models import AssessmentRule, AssessmentScore
from tests.builders import client_for, id_number

URL = "/api/v1/petitions/"


def upper(actor, unit, *, received_on=date(2026, 9, 1), feedback_due=date(2026, 10, 31),
          ref="省信访局交办〔2026〕15号"):
    return sv.petition_register(
        actor=actor, channel="letter", received_on=received_on, org_unit=unit,
        category="environment", title="化工厂排污", content="省信访局转来。", headcount=1,
        level="province", petitioners=[{"name": "王五", "id_number": id_number(5)}],
        source="upper", upper_ref=ref, feedback_due=feedback_due, today=date(2026, 9, 2))


def replied(clerk, p, on=date(2026, 9, 20)):
    sv.petition_accept(petition_id=p.pk, actor=clerk, on=date(2026, 9, 3), today=on)
    return sv.petition_reply(petition_id=p.pk, actor=clerk, on=on, opinion="已责令整改。",
                             today=on)


def test_a_case_from_above_needs_its_reference_and_feedback_deadline(clerk, t01):
    with pytest.raises(ValidationError) as e:
        upper(clerk, t01, ref="", feedback_due=None)
    assert set(e.value.message_dict) == {"upper_ref", "feedback_due"}
    with pytest.raises(ValidationError) as e:
        upper(clerk, t01, feedback_due=date(2026, 8, 1))
    assert "feedback_due" in e.value.message_dict
    p = upper(clerk, t01)
    assert (p.source, p.upper_ref, p.feedback_due) == ("upper", "省信访局交办〔2026〕15号",
                                                       date(2026, 10, 31))


def test_a_local_petition_has_no_feedback_deadline(clerk, t01):
    with pytest.raises(ValidationError) as e:
        sv.petition_register(
            actor=clerk, channel="letter", received_on=date(2026, 9, 1), org_unit=t01,
            category="environment", title="t", content="c", headcount=1, level="local",
            petitioners=[{"name": "王五"}], feedback_due=date(2026, 10, 1),
            today=date(2026, 9, 2))
    assert "source" in e.value.message_dict


def test_feedback_is_given_once_after_the_reply(clerk, t01):
    p = upper(clerk, t01)
    with pytest.raises(TransitionError):  # not replied yet
        sv.petition_feedback(petition_id=p.pk, actor=clerk, on=date(2026, 9, 10), result="x",
                             today=date(2026, 9, 10))
    replied(clerk, p)
    with pytest.raises(ValidationError):  # before the reply
        sv.petition_feedback(petition_id=p.pk, actor=clerk, on=date(2026, 9, 19), result="x",
                             today=date(2026, 9, 25))
    p = sv.petition_feedback(petition_id=p.pk, actor=clerk, on=date(2026, 9, 25),
                             result="已整改到位，信访人表示满意。", today=date(2026, 9, 25))
    assert p.feedback_on == date(2026, 9, 25) and p.events.filter(action="feedback").exists()
    with pytest.raises(TransitionError):
        sv.petition_feedback(petition_id=p.pk, actor=clerk, on=date(2026, 9, 26), result="y",
                             today=date(2026, 9, 26))


def test_a_local_petition_is_not_fed_back_upward(clerk, t01):
    p = sv.petition_register(
        actor=clerk, channel="letter", received_on=date(2026, 9, 1), org_unit=t01,
        category="environment", title="t", content="c", headcount=1, level="local",
        petitioners=[{"name": "王五"}], today=date(2026, 9, 2))
    replied(clerk, p)
    with pytest.raises(TransitionError):
        sv.petition_feedback(petition_id=p.pk, actor=clerk, on=date(2026, 9, 25), result="x",
                             today=date(2026, 9, 25))


def test_late_feedback_raises_an_alert_that_clears_when_given(clerk, t01):
    p = upper(clerk, t01)
    replied(clerk, p)
    run_job("flag_overdue", as_of=date(2026, 10, 31))  # due today: not late yet
    assert not Alert.objects.filter(kind="feedback_overdue").exists()
    lines = run_job("flag_overdue", as_of=date(2026, 11, 2))
    assert f"feedback_overdue {p.number}" in lines
    alert = Alert.objects.get(kind="feedback_overdue")
    assert (alert.target_id, alert.org_unit, alert.due_on) == (p.pk, t01, date(2026, 10, 31))
    assert run_job("flag_overdue", as_of=date(2026, 11, 2)) == []  # idempotent
    sv.petition_feedback(petition_id=p.pk, actor=clerk, on=date(2026, 11, 3), result="已办结",
                         today=date(2026, 11, 3))
    run_job("flag_overdue", as_of=date(2026, 11, 3))
    alert.refresh_from_db()
    assert alert.cleared_on == date(2026, 11, 3)


def test_late_feedback_costs_the_handling_unit_in_the_assessment(clerk, t01, t02):
    assert AssessmentRule.objects.get(code="feedback_late").points < 0
    late = upper(clerk, t01)
    replied(clerk, late)
    sv.petition_feedback(petition_id=late.pk, actor=clerk, on=date(2026, 11, 3), result="x",
                         today=date(2026, 11, 3))
    on_time = upper(clerk, t01, ref="国家信访局转送〔2026〕3号")
    replied(clerk, on_time)
    sv.petition_feedback(petition_id=on_time.pk, actor=clerk, on=date(2026, 10, 20),
                         result="x", today=date(2026, 10, 20))
    scores = compute_year(2026, until=date(2026, 11, 30))
    year = scores[(AssessmentScore.PeriodKind.YEAR, 0)]
    rules = [d for d in year[t01.pk]["deductions"] if d["rule"] == "feedback_late"]
    assert [d["ref"] for d in rules] == [f"petition:{late.pk}"]
    assert rules[0]["on"] == "2026-10-31"
    assert not [d for d in year[t02.pk]["deductions"] if d["rule"] == "feedback_late"]


def test_the_api_registers_a_case_from_above_and_takes_its_feedback(api, clerk, december):
    api.force_authenticate(clerk)
    body = {"channel": "letter", "received_on": "2026-11-02", "org_unit": "T01",
            "category": "environment", "title": "省交办件", "content": "c", "headcount": 1,
            "level": "province", "petitioners": [{"name": "王五"}], "source": "upper",
            "upper_ref": "省交〔2026〕8号", "feedback_due": "2026-11-30"}
    r = api.post(URL, body, format="json")
    assert r.status_code == 201, r.content
    data = r.json()
    assert (data["source"], data["upper_ref"], data["feedback_due"]) == (
        "upper", "省交〔2026〕8号", "2026-11-30")
    assert data["feedback_on"] is None and data["feedback_late"] is True  # Dec 1 > Nov 30
    pk = data["id"]
    assert api.post(f"{URL}{pk}/feedback/", {"on": "2026-11-20", "result": "x"},
                    format="json").status_code == 409  # not replied
    api.post(f"{URL}{pk}/accept/", {"on": "2026-11-03"}, format="json")
    api.post(f"{URL}{pk}/reply/", {"on": "2026-11-20", "opinion": "答复"}, format="json")
    assert api.post(f"{URL}{pk}/feedback/", {"on": "2026-11-25"},
                    format="json").status_code == 400
    r = api.post(f"{URL}{pk}/feedback/", {"on": "2026-11-25", "result": "已反馈"},
                 format="json")
    assert r.status_code == 200 and r.json()["feedback_on"] == "2026-11-25"
    assert r.json()["feedback_late"] is False
    missing = {**body, "upper_ref": ""}
    assert api.post(URL, missing, format="json").status_code == 400
    assert api.post(URL, {**body, "source": "local"}, format="json").status_code == 400


def test_the_registration_page_takes_the_upper_fields(client, clerk, december):
    client_for(client, clerk)
    r = client.post("/petitions/new/", {
        "channel": "letter", "received_on": "2026-11-02", "org_unit": "T01",
        "category": "environment", "level": "province", "headcount": 1, "title": "省交办件",
        "content": "c", "source": "upper", "upper_ref": "省交〔2026〕9号",
        "feedback_due": "2026-12-20", "p-TOTAL_FORMS": 1, "p-INITIAL_FORMS": 0,
        "p-MIN_NUM_FORMS": 1, "p-MAX_NUM_FORMS": 20, "p-0-name": "王五", "p-0-id_type": "",
        "p-0-id_number": ""})
    assert r.status_code == 302, r.content.decode()[:3000]
    p = Petition.objects.get(upper_ref="省交〔2026〕9号")
    page = client.get(f"/petitions/{p.pk}/").content.decode()
    assert "省交〔2026〕9号" in page and 'data-testid="feedback-late"' not in page


def test_the_feedback_action_is_offered_on_the_page_once_replied(client, clerk, t01):
    p = upper(clerk, t01)
    client_for(client, clerk)
    assert "feedback-result" not in client.get(f"/petitions/{p.pk}/").content.decode()
    assert 'name="feedback-result"' not in client.get(f"/petitions/{p.pk}/").content.decode()
    replied(clerk, p)
    page = client.get(f"/petitions/{p.pk}/").content.decode()
    assert 'name="feedback-result"' in page
    r = client.post(f"/petitions/{p.pk}/act/feedback/", {"feedback-on": "2026-09-25",
                                                        "feedback-result": "已反馈省局"})
    assert r.status_code == 302
    page = client.get(f"/petitions/{p.pk}/").content.decode()
    assert "已反馈省局" in page and 'name="feedback-result"' not in page


def test_the_list_of_cases_from_above_is_scoped_and_exported(client, clerk, outsider,
                                                             city_officer, t01, today):
    p = upper(clerk, t01)
    client_for(client, city_officer)
    page = client.get("/petitions/upper/?state=late").content.decode()
    assert p.number in page and 'data-testid="feedback-late"' in page
    assert "上级交办件：办理结果反馈" in page and "反馈期限" in page
    assert p.number not in client.get("/petitions/upper/?state=due").content.decode()
    r = client.get("/exports/upper-feedback.xlsx?state=late")
    assert r.status_code == 200
    import io

    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).worksheets[0]
    assert [c.value for c in sheet[2]][:2] == [p.number, "省信访局交办〔2026〕15号"]
    client_for(client, clerk)
    assert p.number in client.get("/petitions/upper/").content.decode()
    client_for(client, outsider)
    assert p.number not in client.get("/petitions/upper/").content.decode()
