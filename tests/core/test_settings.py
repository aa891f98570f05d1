import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import env_bool, env_choice, env_int, env_list, env_url

ROOT = Path(__file__).resolve().parents[2]


def test_a_boolean_accepts_true_and_false_words(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "False")
    assert env_bool("X_FLAG", True) is False


def test_a_bad_boolean_is_an_error_not_false(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_an_unset_variable_takes_its_default(monkeypatch):
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True
    assert env_int("X_FLAG", 7) == 7


def test_a_bad_integer_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        env_int("X_NUM", 1)


def test_hosts_are_comma_separated(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.example , b.example,")
    assert env_list("X_HOSTS", "localhost") == ["a.example", "b.example"]


def test_a_deadline_policy_outside_the_choices_is_refused(monkeypatch):
    monkeypatch.setenv("X_POLICY", "lunar")
    with pytest.raises(ImproperlyConfigured, match="calendar, working"):
        env_choice("X_POLICY", "calendar", ("calendar", "working"))


def test_a_database_url_with_an_unknown_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("X_DB", "mysql://root@localhost/db")
    with pytest.raises(ImproperlyConfigured, match="X_DB"):
        env_url("X_DB", ("postgres", "sqlite"))


def _start(env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "FIELD_ENCRYPTION_KEY"}}
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings;"
         "print(settings.DEADLINE_POLICY, settings.DATABASES['default']['ENGINE'])"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


def test_start_up_fails_on_a_bad_debug_value(tmp_path):
    result = _start({"DEBUG": "sometimes"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG='sometimes' is not a boolean" in result.stderr


def test_without_database_url_it_uses_sqlite_and_generates_its_secrets(tmp_path):
    result = _start({}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["calendar", "django.db.backends.sqlite3"]
    assert (tmp_path / "secret_key").read_text().strip()
    assert (tmp_path / "field_encryption_key").stat().st_mode & 0o077 == 0
    # A second start reuses the same keys: encrypted data stays readable.
    key = (tmp_path / "field_encryption_key").read_text()
    assert _start({}, tmp_path).returncode == 0
    assert (tmp_path / "field_encryption_key").read_text() == key


def test_a_malformed_encryption_key_stops_start_up(tmp_path):
    result = _start({"FIELD_ENCRYPTION_KEY": "not-a-key"}, tmp_path)
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY" in result.stderr


def test_the_working_day_policy_can_be_chosen(tmp_path):
    result = _start({"DEADLINE_POLICY": "working"}, tmp_path)
    assert result.stdout.split()[0] == "working"
