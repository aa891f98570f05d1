from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alerts.models import Alert
from core import jobs


@pytest.fixture
def sample_job(t01):
    """A job that raises one alert per date, like the real flag jobs do."""

    def flag(*, as_of):
        alert, created = Alert.objects.get_or_create(
            kind=Alert.Kind.REPORT_MISSING, target_type=Alert.TargetType.SCREENING_PERIOD,
            target_id=1, org_unit=t01, due_on=as_of, defaults={"raised_on": as_of})
        return [f"report_missing T01 {as_of}"] if created else []

    jobs.register("sample_job")(flag)
    yield flag
    jobs._registry.pop("sample_job")


def test_runjobs_runs_a_job_as_of_a_date_and_prints_what_it_raised(sample_job):
    out = StringIO()
    call_command("runjobs", "sample_job", "--as-of", "2026-10-08", stdout=out)
    assert "sample_job: 1 raised" in out.getvalue()
    assert "report_missing T01 2026-10-08" in out.getvalue()
    assert Alert.objects.get().raised_on == date(2026, 10, 8)


def test_a_second_run_on_the_same_date_raises_nothing(sample_job):
    call_command("runjobs", "sample_job", "--as-of", "2026-10-08", stdout=StringIO())
    out = StringIO()
    call_command("runjobs", "sample_job", "--as-of", "2026-10-08", stdout=out)
    assert "sample_job: 0 raised" in out.getvalue()
    assert Alert.objects.count() == 1


def test_an_unknown_job_is_refused(db):
    with pytest.raises(CommandError, match="Unknown job"):
        call_command("runjobs", "no_such_job", stdout=StringIO())


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="not a date"):
        call_command("runjobs", "--as-of", "2026-13-01", stdout=StringIO())


def test_the_celery_task_runs_the_same_registry(sample_job):
    from core.tasks import run_job
    # apply() runs the task body here, as a worker would, whatever the broker.
    assert run_job.apply(args=["sample_job", "2026-10-09"]).get() == 1


def test_the_beat_schedule_names_the_jobs_of_the_contract(settings):
    scheduled = {entry["args"][0] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert set(jobs.JOB_NAMES) <= scheduled
    assert scheduled <= set(jobs.known_jobs())  # every scheduled job exists
