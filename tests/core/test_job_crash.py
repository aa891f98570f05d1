"""A job killed mid-run and run again raises each alert exactly once."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from alerts.models import Alert
from tests.builders import register

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'",
                       reason="the job runs in another process: it needs a shared database"),
]


def _runjobs_env():
    s = connection.settings_dict
    url = (f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:"
           f"{s['PORT'] or 5432}/{s['NAME']}")
    return {**os.environ, "DATABASE_URL": url}


def test_a_killed_flag_job_reruns_without_duplicates(clerk, t01):
    for n in range(25):  # received 2026-09-16: acceptance was due 2026-10-08
        register(clerk, t01, ids=(n,), title=f"事项{n}")
    command = [sys.executable, "manage.py", "runjobs", "flag_overdue", "--as-of", "2026-11-28"]
    for delay in (0.5, 1.5, 3.0):  # kill it at different points of its run
        process = subprocess.Popen(command, cwd=ROOT, env=_runjobs_env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
    finished = subprocess.run(command, cwd=ROOT, env=_runjobs_env(), capture_output=True,
                              text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    alerts = Alert.objects.filter(kind="petition_overdue", due_on=date(2026, 10, 8))
    assert alerts.count() == 25
    assert alerts.values("target_id").distinct().count() == 25
    again = subprocess.run(command, cwd=ROOT, env=_runjobs_env(), capture_output=True,
                           text=True, timeout=120)
    assert "flag_overdue: 0 raised" in again.stdout
