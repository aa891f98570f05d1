"""More than one machine (issue 21, item 5): web and workers keep no files of their own.

Two app instances ("machines" A and B) run here with separate VAR_DIRs and one database;
with STORAGE_URL they share one S3 endpoint: moto's server on a free loopback port,
offline. What one writes (an export, an evidence file, a stored import, an error report)
the other serves, always streamed through its scoped view. Without STORAGE_URL the files
stay under VAR_DIR, 0600.
"""

import io
import os
import socket
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from unittest import mock

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer
from openpyxl import load_workbook

from audit.services import audit, audit_checkpoint, audit_verify
from backlog import import_runner
from backlog.models import ImportJob
from config.settings.env import storage_from_url
from core.files import files
from core.jobs import run_job
from dashboards.export_runner import export_run
from dashboards.models import ExportJob
from tests.backlog.test_import import DUE, xlsx
from tests.builders import TODAY, petition_row

KEYS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing",
        "region_name": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto in server mode: a real HTTP S3 endpoint, in a thread, stopped at the end."""
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    name = f"xinfang-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    client.create_bucket(Bucket=name)
    return name, client


class Machine:
    """One app instance: its own VAR_DIR (uploads, temporary files); the database is
    the test's; the files storage is what STORAGE_URL makes of it. The browser (the
    test's client) is one: behind the proxy its requests land on either machine, and
    its session, in the database, is good on both."""

    def __init__(self, var_dir, storage_url=None):
        var_dir.mkdir()
        self.var_dir = var_dir
        storage = storage_from_url("STORAGE_URL", storage_url)
        self.settings = {
            "VAR_DIR": var_dir, "MEDIA_ROOT": var_dir / "uploads",
            "FILE_UPLOAD_TEMP_DIR": var_dir / "tmp",
            # "default" stays on the local disk here (in production it is the same as
            # "files"): whatever bypassed the files storage would show in local_files().
            "STORAGES": {**django_settings.STORAGES, "files": storage},
        }

    @contextmanager
    def running(self):
        with override_settings(**self.settings):
            yield

    def local_files(self) -> list[str]:
        return sorted(str(p.relative_to(self.var_dir)) for p in self.var_dir.rglob("*")
                      if p.is_file())


def _url(endpoint: str, bucket_name: str) -> str:
    return f"s3://testing:testing@{bucket_name}?endpoint_url={endpoint}&region=us-east-1"


@pytest.fixture
def machines(tmp_path, s3_endpoint, bucket):
    url = _url(s3_endpoint, bucket[0])
    return Machine(tmp_path / "a", url), Machine(tmp_path / "b", url)


def _keys(client, bucket_name: str) -> list[str]:
    listing = client.list_objects_v2(Bucket=bucket_name)
    return sorted(o["Key"] for o in listing.get("Contents", ()))


def _background_export(client, machine, user) -> ExportJob:
    """The user asks the machine for a large export; its worker writes it."""
    with machine.running(), override_settings(EXPORT_ASYNC_THRESHOLD=0), \
            mock.patch("dashboards.tasks.run_export.apply_async"):
        client.force_login(user)
        response = client.get("/exports/petitions.xlsx")
        assert response.status_code == 302
        job = ExportJob.objects.get()
        export_run(job_id=job.pk)  # the worker, on the same machine here
    job.refresh_from_db()
    assert job.status == "done"
    return job


def _rows(response) -> list:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_an_export_made_on_one_machine_downloads_from_the_other(
        client, machines, bucket, clerk, outsider, t01):
    a, b = machines
    for day in (2, 3):
        petition_row(t01, received_on=TODAY.replace(day=day), title=f"老街 {day}")
    job = _background_export(client, a, clerk)

    with b.running():  # the same browser, its session from the database
        download = client.get(reverse("dashboards:export_job_download", args=[job.pk]))
        assert download.status_code == 200  # streamed by B, not a redirect to the bucket
        assert sorted(row[6] for row in _rows(download)) == ["老街 2", "老街 3"]
        assert "no-store" in download["Cache-Control"]
        client.force_login(outsider)  # the scope still decides
        assert client.get(reverse("dashboards:export_job_download",
                                  args=[job.pk])).status_code == 404

    name, s3 = bucket
    assert _keys(s3, name) == [f"exports/{job.file_name}"]
    grants = s3.get_object_acl(Bucket=name, Key=f"exports/{job.file_name}")["Grants"]
    assert [g["Grantee"].get("URI") for g in grants] == [None]  # the owner only, no public
    # Neither machine kept a copy: the file lives in the bucket alone.
    assert a.local_files() == [] and b.local_files() == []


def test_without_a_shared_storage_the_other_machine_has_no_such_file(
        client, tmp_path, clerk, t01):
    # Why STORAGE_URL: each machine's own VAR_DIR holds only what it wrote itself.
    a, b = Machine(tmp_path / "a"), Machine(tmp_path / "b")
    petition_row(t01, received_on=TODAY)
    job = _background_export(client, a, clerk)
    with b.running():
        assert client.get(reverse("dashboards:export_job_download",
                                  args=[job.pk])).status_code == 404
    with a.running():
        assert client.get(reverse("dashboards:export_job_download",
                                  args=[job.pk])).status_code == 200


def test_evidence_uploaded_on_one_machine_is_served_by_the_other(
        client, machines, bucket, leader, outsider, case):
    a, b = machines
    with a.running():
        client.force_login(leader)
        client.post(f"/backlog/{case.pk}/evidence/",
                    {"file": SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4 signed")})
    evidence = case.evidence.get()
    url = f"/backlog/{case.pk}/evidence/{evidence.pk}/"
    with b.running():
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 signed"
        assert "no-store" in response["Cache-Control"]
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    name, s3 = bucket
    assert _keys(s3, name) == [evidence.file.name]
    assert a.local_files() == [] and b.local_files() == []


def test_a_large_import_stored_by_the_web_machine_runs_on_a_worker_machine(
        client, machines, bucket, settings, city_officer, campaign, leader):
    a, b = machines
    settings.BACKLOG_IMPORT_ASYNC_BYTES = 1024
    bad = [("老街拆迁补偿", "T01", "leader_T01", DUE), ("", "T99", "nobody", "soon")]
    with a.running(), mock.patch("backlog.tasks.run_import.apply_async"):
        client.force_login(city_officer)
        response = client.post(reverse("backlog:import"), {
            "campaign": campaign.pk, "file": SimpleUploadedFile("台账.xlsx", xlsx(bad))})
        assert response.status_code == 302
    job = ImportJob.objects.get()
    name, s3 = bucket
    assert _keys(s3, name) == [f"backlog-imports/{job.stored_name}"]
    with b.running():
        import_runner.import_job_run(job_id=job.pk)  # B's worker reads A's upload
    job.refresh_from_db()
    assert (job.status, job.rejected_rows) == ("rejected", 1)
    # The upload is gone; the error report is in the bucket, and A serves it.
    assert _keys(s3, name) == [import_runner.error_report_path(job.report)]
    with a.running():
        report = client.get(reverse("backlog:import_errors", args=[job.report]))
        assert report.status_code == 200
        assert len(_rows(report)) >= 1
    assert a.local_files() == [] and b.local_files() == []

    # The purge works on the bucket as on the disk: kept a week, then gone.
    with b.running():
        soon = date.today() + timedelta(days=settings.EXPORT_KEEP_DAYS - 1)
        assert not any("import error" in line for line in run_job("purge_exports", as_of=soon))
        later = date.today() + timedelta(days=settings.EXPORT_KEEP_DAYS + 2)
        assert any("import error" in line for line in run_job("purge_exports", as_of=later))
    assert _keys(s3, name) == []


def test_old_exports_are_purged_from_the_bucket(client, machines, bucket, clerk, t01):
    from django.utils import timezone

    a, b = machines
    petition_row(t01, received_on=TODAY)
    job = _background_export(client, a, clerk)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=8))
    with b.running():
        assert len(run_job("purge_exports")) == 1
    name, s3 = bucket
    assert _keys(s3, name) == [] and not ExportJob.objects.exists()


def test_the_audit_checkpoints_copy_is_shared_and_survives_a_wiped_table(
        machines, bucket, clerk):
    from django.db import connection

    a, b = machines
    rows = [audit(action="export", user=clerk, obj_type="petitions", data={"n": n})
            for n in range(3)]
    with a.running():
        audit_checkpoint(day=date(2026, 11, 28))
    name, s3 = bucket
    assert _keys(s3, name) == ["audit-checkpoints/2026-11-28.json"]
    postgresql = connection.vendor == "postgresql"  # SQLite's log refuses updates only
    with connection.cursor() as cursor:  # an attacker with the database, not the bucket
        if postgresql:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM common_auditcheckpoint")
        cursor.execute("DELETE FROM common_auditentry WHERE id >= %s", [rows[1].pk])
        if postgresql:
            cursor.execute("SET session_replication_role = origin")
    with b.running():
        assert audit_verify()  # B reads the copy A wrote


def test_by_default_files_stay_under_var_dir_0600(client, tmp_path, clerk, leader, case,
                                                  t01):
    a = Machine(tmp_path / "a")
    petition_row(t01, received_on=TODAY)
    job = _background_export(client, a, clerk)
    with a.running():
        client.force_login(leader)
        client.post(f"/backlog/{case.pk}/evidence/",
                    {"file": SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4 signed")})
        assert isinstance(files, FileSystemStorage)
    evidence = case.evidence.get()
    stored = [a.var_dir / "uploads" / "exports" / job.file_name,
              a.var_dir / "uploads" / evidence.file.name]
    assert a.local_files() == sorted(str(p.relative_to(a.var_dir)) for p in stored)
    for path in stored:
        assert os.stat(path).st_mode & 0o777 == 0o600
        assert os.stat(path.parent).st_mode & 0o777 == 0o700


def test_storage_url_reading():
    assert storage_from_url("STORAGE_URL", None)["BACKEND"].endswith("FileSystemStorage")
    conf = storage_from_url(
        "STORAGE_URL", "s3://AK%2F1:s%40cret@files?endpoint_url=http://minio:9000&region=cn-1")
    assert conf["BACKEND"] == "storages.backends.s3.S3Storage"
    options = conf["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "files", "http://minio:9000", "cn-1")
    assert (options["access_key"], options["secret_key"]) == ("AK/1", "s@cret")
    assert options["addressing_style"] == "path" and options["default_acl"] is None
    # Without credentials in the URL, boto3 reads AWS_ACCESS_KEY_ID and its friends.
    assert "access_key" not in storage_from_url("STORAGE_URL", "s3://files")["OPTIONS"]
    for bad in ("http://files", "s3://files?acl=public-read", "s3:///nobucket"):
        with pytest.raises(ImproperlyConfigured, match="STORAGE_URL"):
            storage_from_url("STORAGE_URL", bad)
