"""Issue 21, item 5: the production stack (docker-compose.yml) runs several web and
worker replicas behind one proxy. No Docker daemon here, so the file is checked as
Compose reads it: its schema (`docker-compose config`, Debian's docker-compose, which
.ci/run installs) and what `--scale web=3 --scale worker=3` needs of each service."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SECRETS = ("POSTGRES_PASSWORD", "XINFANG_OWNER_PASSWORD", "XINFANG_APP_PASSWORD", "SECRET_KEY",
           "FIELD_ENCRYPTION_KEY", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD",
           "STORAGE_ACCESS_KEY", "STORAGE_SECRET_KEY")


@pytest.fixture(scope="module")
def stack():
    """The services as Compose resolves them (the x-app anchor merged in)."""
    compose = shutil.which("docker-compose")
    if compose is None:
        pytest.skip("docker-compose is not installed (.ci/run installs it)")
    env = {"PATH": "/usr/bin:/bin", **{name: f"test-{name.lower()}" for name in SECRETS}}
    done = subprocess.run([compose, "-f", str(ROOT / "docker-compose.yml"), "config"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr  # the schema: every key where Compose wants it
    return yaml.safe_load(done.stdout)["services"]


def test_the_stack_has_every_part_of_the_production_stack(stack):
    assert {"db", "redis", "minio", "migrate", "web", "proxy", "worker", "beat"} <= set(stack)


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_workers_scale_they_keep_nothing_of_their_own(stack, name):
    service = stack[name]
    # A fixed name or host port would make a second replica fail to start.
    assert "container_name" not in service and "ports" not in service
    # No volume: files go to the shared storage, state to PostgreSQL and Redis.
    assert not service.get("volumes")
    env = service["environment"]
    assert env["STORAGE_URL"].startswith("s3://") and "minio:9000" in env["STORAGE_URL"]
    assert "@db:5432/" in env["DATABASE_URL"] and env["REDIS_URL"].startswith("redis://redis:")
    assert env["DEBUG"] == "false"


def test_every_app_service_reads_the_same_storage_and_database(stack):
    app = [stack[name]["environment"] for name in ("web", "worker", "beat", "migrate")]
    assert len({env["STORAGE_URL"] for env in app}) == 1
    assert len({env["DATABASE_URL"].split("@")[1] for env in app}) == 1
    # The app role for the running services; the owner migrates (audit grants).
    assert all(env["DATABASE_URL"].startswith("postgres://xinfang_app:") for env in app[:3])
    assert app[3]["DATABASE_URL"].startswith("postgres://xinfang_owner:")


def test_one_proxy_is_the_way_in_and_finds_every_web_replica(stack):
    assert [p["published"] if isinstance(p, dict) else p.split(":")[0]
            for p in stack["proxy"]["ports"]] in (["8000"], [8000])
    conf = (ROOT / "docker" / "proxy" / "nginx.conf").read_text()
    # Docker's DNS, re-read, so replicas added by --scale are found.
    assert "resolver 127.0.0.11" in conf and "http://web:8000" in conf
    # Only the proxy's X-Forwarded-For is believed, at the address the network gives it.
    address = stack["proxy"]["networks"]["default"]["ipv4_address"]
    assert stack["web"]["environment"]["TRUSTED_PROXIES"].startswith(address)


def test_beat_stays_one_with_its_schedule_on_a_volume(stack):
    assert any(v.get("target", "").startswith("/app/var") if isinstance(v, dict)
               else ":/app/var" in v for v in stack["beat"]["volumes"])
    assert stack["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
