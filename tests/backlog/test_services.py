from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from backlog import services
from backlog.models import BacklogCase, BacklogEvent
from core.errors import TransitionError
from tests.builders import make_case, petition_row

S = BacklogCase.Status


def test_the_city_hands_over_a_case_to_a_unit_leader_and_it_is_assigned(case, leader):
    assert case.status == S.ASSIGNED
    assert case.leader == leader
    event = BacklogEvent.objects.get(case=case)
    assert (event.action, event.to_status) == ("assign", "assigned")


def test_the_leader_must_be_a_leader_of_that_unit(city_officer, campaign, t01, t02_leader,
                                                  clerk):
    with pytest.raises(ValidationError) as exc:
        make_case(city_officer, campaign, t01, t02_leader)
    assert "leader" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_case(city_officer, campaign, t01, clerk)  # a clerk is not a leader


def test_only_the_city_creates_campaigns_and_cases(clerk, leader, campaign, t01, today):
    with pytest.raises(PermissionDenied):
        services.campaign_create(actor=clerk, name="x", year=2026, starts_on=today,
                                 ends_on=today)
    with pytest.raises(PermissionDenied):
        make_case(leader, campaign, t01, leader)


def test_a_petition_becomes_at_most_one_case(city_officer, campaign, t01, leader, today):
    petition = petition_row(t01, received_on=today - timedelta(days=90),
                             handling_due=today - timedelta(days=20))
    make_case(city_officer, campaign, t01, leader, petition=petition)
    with pytest.raises(ValidationError) as exc:
        make_case(city_officer, campaign, t01, leader, petition=petition)
    assert "petition" in exc.value.message_dict


def test_the_full_flow_writes_an_event_for_every_step(case, leader, city_officer, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="约谈当事人")
    services.case_report_progress(case_id=case.pk, actor=leader, on=today, note="已约谈")
    services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome="签订化解协议")
    services.case_verify(case_id=case.pk, actor=city_officer)
    case.refresh_from_db()
    assert case.status == S.VERIFIED
    assert case.verified_on == today
    assert case.resolved_on == today
    assert list(case.events.values_list("action", "from_status", "to_status")) == [
        ("assign", "", "assigned"),
        ("submit_plan", "assigned", "plan_submitted"),
        ("report_progress", "plan_submitted", "in_progress"),
        ("resolve", "in_progress", "resolved"),
        ("verify", "resolved", "verified"),
    ]
    assert case.progress.get().note == "已约谈"


def test_the_city_returns_a_resolution_with_a_reason(case, leader, city_officer, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome="已化解")
    with pytest.raises(ValidationError):
        services.case_reopen(case_id=case.pk, actor=city_officer, reason=" ")
    services.case_reopen(case_id=case.pk, actor=city_officer, reason="缺少化解协议")
    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS
    assert case.return_reason == "缺少化解协议"
    assert case.resolved_on is None
    assert case.events.last().note == "缺少化解协议"


def test_the_outcome_is_a_settlement_document_never_a_promise_to_stop_petitioning(
        case, leader, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    for wording in ("信访人签署息诉罢访承诺书", "信访人保证不再上访"):
        with pytest.raises(ValidationError) as exc:
            services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome=wording)
        assert "outcome" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome="已化解",
                              outcome_document="undertaking")
    assert "outcome_document" in exc.value.message_dict
    services.case_resolve(case_id=case.pk, actor=leader, on=today,
                          outcome="出具处理意见书，诉求已依法解决",
                          outcome_document="decision", satisfaction_signed=True)
    case.refresh_from_db()
    assert (case.status, case.outcome_document, case.satisfaction_signed) == (
        S.RESOLVED, "decision", True)


def test_only_the_city_verifies_or_returns(case, leader, clerk, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    services.case_resolve(case_id=case.pk, actor=leader, on=today, outcome="已化解")
    for actor in (leader, clerk):
        with pytest.raises(PermissionDenied):
            services.case_verify(case_id=case.pk, actor=actor)
        with pytest.raises(PermissionDenied):
            services.case_reopen(case_id=case.pk, actor=actor, reason="x")


@pytest.mark.parametrize("step", ["progress", "resolve", "verify", "reopen"])
def test_steps_out_of_order_are_refused(case, leader, city_officer, today, step):
    calls = {
        "progress": lambda: services.case_report_progress(case_id=case.pk, actor=leader,
                                                          on=today, note="x"),
        "resolve": lambda: services.case_resolve(case_id=case.pk, actor=leader, on=today,
                                                 outcome="x"),
        "verify": lambda: services.case_verify(case_id=case.pk, actor=city_officer),
        "reopen": lambda: services.case_reopen(case_id=case.pk, actor=city_officer,
                                               reason="x"),
    }
    with pytest.raises(TransitionError):
        calls[step]()
    assert BacklogCase.objects.get(pk=case.pk).status == S.ASSIGNED


def test_a_plan_cannot_be_submitted_twice(case, leader):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    with pytest.raises(TransitionError):
        services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案二")


def test_a_progress_date_in_the_future_or_before_assignment_is_refused(case, leader, today):
    services.case_submit_plan(case_id=case.pk, actor=leader, plan="方案")
    for on in (today + timedelta(days=1), case.assigned_on - timedelta(days=1)):
        with pytest.raises(ValidationError) as exc:
            services.case_report_progress(case_id=case.pk, actor=leader, on=on, note="x")
        assert "on" in exc.value.message_dict
    assert case.progress.count() == 0


def test_evidence_must_be_a_real_file_of_an_allowed_type(case, leader, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.evidence_attach(case_id=case.pk, actor=leader,
                                 upload=SimpleUploadedFile("x.exe", b"MZ..."))
    with pytest.raises(ValidationError):  # a PDF name on something else
        services.evidence_attach(case_id=case.pk, actor=leader,
                                 upload=SimpleUploadedFile("x.pdf", b"<html>"))
    evidence = services.evidence_attach(
        case_id=case.pk, actor=leader,
        upload=SimpleUploadedFile("化解协议.pdf", b"%PDF-1.4 test"))
    assert evidence.name == "化解协议.pdf"
    assert str(tmp_path) in evidence.file.path
