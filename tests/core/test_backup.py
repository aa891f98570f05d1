"""make backup / make restore: a restored database holds the same records."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import OrgUnit, User
from audit.services import audit

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'",
                       reason="backup and restore use pg_dump and pg_restore"),
]


def _url(name):
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def test_a_backup_restores_into_a_fresh_database(tmp_path, clerk, t01_village):
    audit(action="login", user=clerk)
    dump = tmp_path / "x.dump"
    env = {**os.environ, "DATABASE_URL": _url(connection.settings_dict["NAME"])}
    subprocess.run(["bin/backup", str(dump)], cwd=ROOT, env=env, check=True, capture_output=True)
    assert dump.stat().st_mode & 0o077 == 0

    target = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        env["DATABASE_URL"] = _url(target)
        subprocess.run(["bin/restore", str(dump)], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        check = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "-c",
             "import django; django.setup();"
             "from accounts.models import OrgUnit, User; from audit.services import audit_verify_chain;"
             "print(User.objects.get(username='clerk_T01').org_unit.code,"
             " OrgUnit.objects.get(code='T01V01').path, audit_verify_chain())"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        assert check.stdout.split() == ["T01", "C00/T01/T01V01/", "None"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')


def test_restore_refuses_a_missing_file(tmp_path, db):
    env = {**os.environ, "DATABASE_URL": _url("nowhere")}
    result = subprocess.run(["bin/restore", str(tmp_path / "none.dump")], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "cannot read" in result.stderr
    assert User.objects.count() == 0
    assert OrgUnit.objects.count() == 0
