"""Files holding personal data are 0600 and purged with the exports (issue 16, item 12)."""

import os
import time
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import save_private
from core.jobs import run_job
from tests.backlog.test_import import xlsx
from tests.builders import client_for


def mode(path) -> int:
    return os.stat(path).st_mode & 0o777


def test_uploads_and_export_files_are_private(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = default_storage.save("evidence/a.pdf", ContentFile(b"%PDF-1.4"))
    assert mode(tmp_path / name) == 0o600
    stored, _ = save_private("exports/export.xlsx", lambda handle: handle.write(b"x"))
    assert mode(tmp_path / stored) == 0o600
    assert (tmp_path / stored).read_bytes() == b"x"
    assert not list(Path(settings.FILE_UPLOAD_TEMP_DIR).glob("*.xlsx"))  # moved, not copied


def test_an_import_error_report_is_private_and_purged_with_the_exports(
        client, settings, tmp_path, city_officer, campaign):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    client_for(client, city_officer)
    bad = xlsx([("未知单位", "X99", "leader_T01", date(2027, 3, 31))])
    response = client.post("/backlog/import/", {
        "campaign": campaign.pk, "file": SimpleUploadedFile("ledger.xlsx", bad)})
    assert response.status_code == 200
    [report] = (tmp_path / "backlog-import-errors").iterdir()
    assert mode(report) == 0o600
    # The file system stamps real time; date the report on the test's own clock.
    stamp = time.time()
    os.utime(report, (stamp, stamp))
    soon = date.today() + timedelta(days=settings.EXPORT_KEEP_DAYS - 1)
    run_job("purge_exports", as_of=soon)
    assert report.exists()
    later = date.today() + timedelta(days=settings.EXPORT_KEEP_DAYS + 2)
    assert any("import error" in line for line in run_job("purge_exports", as_of=later))
    assert not report.exists()
