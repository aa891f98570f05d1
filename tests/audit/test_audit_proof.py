"""The audit log proves itself (issue 16, item 7): each attack is detected.

The attacker here has the database (raw SQL, triggers bypassed) but not the
HMAC key, which lives outside it.
"""

import hashlib
import json
from datetime import date
from importlib import import_module

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from alerts.models import Notification
from audit import services as audit_module
from audit.models import AuditCheckpoint, AuditEntry
from audit.services import audit, audit_checkpoint, audit_verify
from core.jobs import run_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_checkpoint_file(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "uploads"  # the copies go to the files storage


# SQLite's append-only triggers (the demo's database), put back after each statement.
SQLITE_TRIGGERS = {
    "common_auditentry_no_update": import_module(
        "core.migrations.0003_audit_append_only").SQLITE_FORWARD[0],
    "common_auditcheckpoint_no_update": import_module(
        "audit.migrations.0003_sqlite_checkpoint_no_update").SQLITE_FORWARD,
}


def raw(sql, params=()):
    """As an attacker with the database: triggers off for this statement."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = origin")
            return
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(sql, params)
        for create in SQLITE_TRIGGERS.values():
            cursor.execute(create)


@pytest.fixture
def log(clerk):
    rows = [audit(action="export", user=clerk, obj_type="petitions", data={"rows": n})
            for n in range(5)]
    audit_checkpoint(day=date(2026, 11, 28))
    return rows


def test_an_intact_log_verifies_and_the_command_says_so(log, capsys):
    assert audit_verify() == []
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


def test_every_column_is_covered_actor_and_ip_included(log, outsider):
    raw("UPDATE common_auditentry SET actor_id = %s WHERE id = %s", [outsider.pk, log[2].pk])
    assert audit_verify()[0][0] == log[2].pk
    raw("UPDATE common_auditentry SET actor_id = %s, ip = '10.0.0.9' WHERE id = %s",
        [log[2].actor_id, log[2].pk])
    assert audit_verify()[0][0] == log[2].pk


def test_an_edited_row_is_detected_and_the_command_fails(log):
    raw("UPDATE common_auditentry SET data = '{\"rows\": 99}' WHERE id = %s", [log[1].pk])
    assert audit_verify()[0][0] == log[1].pk
    with pytest.raises(CommandError):
        call_command("audit_verify")


def test_a_deleted_middle_row_is_detected(log):
    raw("DELETE FROM common_auditentry WHERE id = %s", [log[2].pk])
    assert log[3].pk in [row for row, _what in audit_verify()]


def test_deleted_newest_rows_are_detected_by_the_checkpoint(log):
    raw("DELETE FROM common_auditentry WHERE id >= %s", [log[3].pk])
    assert audit_verify(), "the chain alone is self-consistent: the checkpoint catches it"


def test_deleted_oldest_rows_are_detected(log):
    raw("DELETE FROM common_auditentry WHERE id <= %s", [log[1].pk])
    assert any("oldest" in what for _row, what in audit_verify())


def test_a_chain_recomputed_without_the_key_is_detected(log):
    # The attacker edits a row and recomputes every hash after it, as the old
    # plain SHA-256 chain allowed; without the key the HMAC cannot be matched.
    prev = log[0].prev_hash
    for entry in AuditEntry.objects.order_by("id"):
        data = {"rows": 99} if entry.pk == log[1].pk else entry.data
        digest = hashlib.sha256(json.dumps([prev, entry.at.isoformat(), entry.username,
                                            entry.action, entry.object_type,
                                            entry.object_id, data], sort_keys=True,
                                           ensure_ascii=False).encode()).hexdigest()
        raw("UPDATE common_auditentry SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(data), prev, digest, entry.pk])
        prev = digest
    assert audit_verify()


def test_a_chain_recomputed_with_a_guessed_key_is_detected(log, monkeypatch):
    monkeypatch.setattr(audit_module, "audit_key", lambda: b"guessed")
    raw("DELETE FROM common_auditentry")
    forged = [audit(action="export", data={"rows": n}) for n in range(5)]
    monkeypatch.undo()
    assert forged and audit_verify()


def test_a_forged_checkpoint_is_detected(log):
    raw("UPDATE common_auditcheckpoint SET count = 3")
    assert any("forged" in what for _row, what in audit_verify())


def test_the_app_cannot_rewrite_a_checkpoint(log):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.update(count=0)
    if connection.vendor != "postgresql":
        return  # SQLite lets DELETE through: its test runner empties tables with it
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.all().delete()


def test_the_checkpoint_file_survives_a_wiped_table(log):
    raw("DELETE FROM common_auditcheckpoint")
    raw("DELETE FROM common_auditentry WHERE id >= %s", [log[3].pk])
    assert audit_verify()


def test_the_daily_job_anchors_an_intact_log_and_alerts_the_admins_on_a_break(
        log, admin_user):
    assert run_job("verify_audit_log", as_of=date(2026, 11, 29)) == []
    assert AuditCheckpoint.objects.filter(day=date(2026, 11, 29)).exists()
    raw("UPDATE common_auditentry SET username = 'someone' WHERE id = %s", [log[0].pk])
    lines = run_job("verify_audit_log", as_of=date(2026, 11, 30))
    assert lines and str(log[0].pk) in lines[0]
    assert Notification.objects.filter(user=admin_user).exists()
    assert not AuditCheckpoint.objects.filter(day=date(2026, 11, 30)).exists()


@pytest.fixture
def app_role(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = 'xinfang_app_test'")
        if not cursor.fetchone():
            cursor.execute("CREATE ROLE xinfang_app_test")
        cursor.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO xinfang_app_test")
        cursor.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO xinfang_app_test")
    return "xinfang_app_test"


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="database roles")
def test_the_app_role_may_only_insert_and_select_audit_rows(app_role, clerk):
    from audit.grants import audit_grants_apply

    entry = audit(action="login", user=clerk)
    audit_grants_apply(role=app_role)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
        try:
            cursor.execute("SELECT count(*) FROM common_auditentry")
            for statement in ("TRUNCATE common_auditentry",
                              "ALTER TABLE common_auditentry DISABLE TRIGGER ALL",
                              "DELETE FROM common_auditcheckpoint"):
                with pytest.raises(DatabaseError), transaction.atomic():
                    cursor.execute(statement)
        finally:
            cursor.execute("RESET ROLE")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
