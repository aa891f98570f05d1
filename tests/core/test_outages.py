"""Outages (issue 16, items 5 and 6): a dead Redis, a dead broker, a lost worker, a
dead database. The cache is an optimisation; nothing a user saved is lost."""

import os
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from alerts.models import Notification
from config.celery import app as celery_app
from dashboards.exports import export_start
from dashboards.jobs import exports_recover
from dashboards.models import ExportJob
from petitions.models import Petition
from tests.builders import client_for, register
from tests.core.test_hostile_text import BODY


@pytest.fixture(autouse=True)
def _registrations_on_the_pinned_day(today):
    """BODY is received on 2026-09-16: register it on a pinned day, not the real one."""

DEAD = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_redis(settings, monkeypatch):
    """Cache and broker both pointed at a port where nothing listens."""
    settings.CACHES = {"default": {"BACKEND": "core.cache.ResilientRedisCache",
                                   "LOCATION": DEAD,
                                   "OPTIONS": {"socket_connect_timeout": 0.5}}}
    monkeypatch.setattr(celery_app.conf, "broker_url", DEAD)
    monkeypatch.setattr(celery_app.conf, "broker_write_url", None, raising=False)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.conf, "task_always_eager", False)


def test_the_dashboard_renders_uncached_with_redis_down(client, clerk, t01, dead_redis):
    register(clerk, t01)
    response = client_for(client, clerk).get("/")
    assert response.status_code == 200


def test_registering_a_petition_commits_with_redis_down(api, clerk, t01, dead_redis,
                                                        django_capture_on_commit_callbacks):
    api.force_authenticate(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/petitions/", BODY, format="json")
    assert response.status_code == 201
    assert Petition.objects.filter(number=response.json()["number"]).exists()


def test_accepting_a_petition_commits_with_redis_down(client, clerk, t01, dead_redis):
    petition = register(clerk, t01)
    client_for(client, clerk).post(f"/petitions/{petition.pk}/act/accept/",
                                   {"accept-on": "2026-09-17"})
    assert Petition.objects.get(pk=petition.pk).status != "registered"


def test_the_public_lookup_answers_with_redis_down(client, clerk, t01, dead_redis):
    petition = register(clerk, t01)
    response = client.post("/petitions/track/", {"number": petition.number,
                                                  "id_tail": "0000"})
    assert response.status_code == 200


@pytest.mark.skipif(not os.environ.get("REDIS_URL"),
                    reason="without REDIS_URL tasks run in the request (no broker to lose)")
def test_an_export_queued_while_the_broker_is_down_stays_pending_and_is_requeued(
        city_officer, dead_redis, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        job = export_start(user=city_officer, name="petitions", params={})
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.PENDING
    sent = []
    monkeypatch.setattr("dashboards.tasks.run_export.apply_async",
                        lambda args, **options: sent.append(args))
    later = timezone.now() + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        lines = exports_recover(now=later)
    assert sent == [[job.pk]] and "re-queued" in lines[0]


def test_an_export_whose_worker_died_is_failed_with_a_message_to_its_owner(city_officer):
    job = ExportJob.objects.create(user=city_officer, name="petitions",
                                   status=ExportJob.Status.RUNNING, total=50_000, done=2000)
    assert exports_recover(now=timezone.now()) == []  # still within the time limit
    lines = exports_recover(now=timezone.now() + timedelta(hours=1))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.error
    note = Notification.objects.get(user=city_officer)
    assert note.text == job.error and str(job.pk) in note.link
    assert len(lines) == 1 and exports_recover(now=timezone.now() + timedelta(hours=2)) == []


def test_a_dead_database_is_a_503_page_and_the_next_request_recovers(clerk, monkeypatch):
    from dashboards import views

    browser = Client(raise_request_exception=False)
    browser.force_login(clerk)

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views, "dashboard_figures", down, raising=False)
    monkeypatch.setattr(views, "render", down)
    response = browser.get("/")
    assert response.status_code == 503
    assert "数据库" in response.content.decode()
    monkeypatch.undo()
    assert browser.get("/").status_code == 200
