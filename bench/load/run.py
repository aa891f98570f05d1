"""load_mixed (issue 21): locust, headless and bounded, against gunicorn on loopback.

Starts gunicorn (workers = 2 x cores + 1) on the bench database, writes the plan the
locustfile reads (sessions made here, as force_login does, so no login is timed),
runs `locust --headless --run-time`, stops gunicorn, then counts what was written:
the petitions carrying the run's tag must equal the successful registrations, and
their events the registrations plus the successful acceptances (no write lost, none
doubled).
"""

import csv
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.test import Client

from accounts.models import User
from core.dates import local_today
from petitions.idnumbers import check_digit
from petitions.models import Petition, PetitionEvent

USERS = int(os.environ.get("LOAD_USERS", "100"))
RUN_TIME = os.environ.get("LOAD_RUN_TIME", "3m")


def _session(user: User) -> dict:
    client = Client()
    client.force_login(user)
    return {"session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "csrf": secrets.token_hex(16), "unit": user.org_unit.code if user.org_unit else None}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _plan(tag: str) -> dict:
    today = local_today()
    clerks = []
    for user in (User.objects.filter(username__regex=r"^clerk_T\d+$").select_related("org_unit")
                 .order_by("username")):
        who = _session(user)
        who["petitions"] = list(Petition.objects.filter(org_unit=user.org_unit)
                                .order_by("-received_on").values_list("pk", flat=True)[:50])
        if who["petitions"]:
            clerks.append(who)
    rng = random.Random(tag)
    ids = []
    for _ in range(200):
        first17 = f"110101{1950 + rng.randrange(50)}0{rng.randrange(1, 10)}1{rng.randrange(10)}" \
                  f"{rng.randrange(1000):03d}"
        ids.append(first17 + check_digit(first17))
    recent = (Petition.objects.order_by("-received_on", "-id")
              .values_list("received_on", flat=True)[200:201])
    return {"tag": tag, "today": today.isoformat(), "clerks": clerks, "id_numbers": ids,
            "city": _session(User.objects.get(username="city")),
            "supervisor": _session(User.objects.get(username="supervisor")),
            "export_from": (recent[0] if recent else today - timedelta(days=3)).isoformat()}


def _wait_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not listen in time")


def _warm(port: int, workers: int) -> None:
    """Until every worker has answered: the first requests are not the morning's."""
    import urllib.request

    for _ in range(4 * workers):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=120).read()
        except OSError:
            time.sleep(0.5)


def _stats(prefix: Path) -> tuple[dict, dict]:
    rows = {r["Name"]: r for r in csv.DictReader(open(f"{prefix}_stats.csv"))}  # noqa: SIM115
    return rows.get("Aggregated", {}), rows


def _final_ok(prefix: Path) -> dict[str, int]:
    """Successful requests by name from locust's final JSON stats ({} if absent)."""
    path = Path(f"{prefix}_final.json")
    if not path.exists():
        return {}
    return {entry["name"]: int(entry["num_requests"]) - int(entry["num_failures"])
            for entry in json.loads(path.read_text())}


def _ok(row: dict | None) -> int:
    if not row:
        return 0
    return int(row["Request Count"]) - int(row["Failure Count"])


def figure_load_mixed(results: list) -> None:
    from bench.measure import _figure

    bindir = os.path.dirname(sys.executable)
    var = Path(settings.BASE_DIR) / "var"
    var.mkdir(exist_ok=True)
    tag = f"LOAD-{secrets.token_hex(3)}"
    plan_path = var / "load-plan.json"
    plan_path.write_text(json.dumps(_plan(tag), default=str))
    before = (Petition.objects.count(), PetitionEvent.objects.count())
    port = _free_port()
    workers = 2 * (os.cpu_count() or 1) + 1
    log = open(var / "load-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [os.path.join(bindir, "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--access-logfile", "/dev/null", "--timeout", "120",
         "--preload"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "OTP_REQUIRED_ROLES": "none"})
    prefix = var / "load"
    try:
        _wait_port(port, server)
        _warm(port, workers)
        subprocess.run(
            [os.path.join(bindir, "locust"), "-f", str(Path(__file__).with_name("locustfile.py")),
             "--headless", "-u", str(USERS), "-r", str(max(1, USERS // 10)),
             "--run-time", RUN_TIME, "--stop-timeout", "30", "--host",
             f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
             "--json-file", str(prefix) + "_final", "--exit-code-on-error", "0"],
            env={**os.environ, "LOAD_PLAN": str(plan_path)}, check=True,
            stdout=subprocess.DEVNULL, stderr=open(var / "load-locust.log", "w"))  # noqa: SIM115
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    total, rows = _stats(prefix)
    # The writes that succeeded, from locust's final stats: the CSV is written when the
    # run time ends, before the requests still in flight finish (--stop-timeout), and
    # those writes reach the database too (a run of 03:17 UTC counted 185 in the CSV
    # and 187 in the final stats and the database).
    done = _final_ok(prefix)
    registered = done.get("clerk: register", _ok(rows.get("clerk: register")))
    accepted = done.get("clerk: accept", _ok(rows.get("clerk: accept")))
    tagged = Petition.objects.filter(title__startswith=tag)
    written = tagged.count()
    events = PetitionEvent.objects.filter(petition__in=tagged).count()
    after = (Petition.objects.count(), PetitionEvent.objects.count())
    requests = int(total.get("Request Count", 0))
    results.append(_figure(
        "load_mixed", median_ms=float(total.get("50%", 0) or 0) or None,
        p95_ms=float(total.get("95%", 0) or 0) or None, p99_ms=float(total.get("99%", 0) or 0),
        req_per_s=round(float(total.get("Requests/s", 0) or 0), 1),
        errors=int(total.get("Failure Count", 0) or 0), requests=requests, users=USERS,
        run_time=RUN_TIME, workers=workers, registered=registered, accepted=accepted,
        petitions_written=written, events_written=events,
        petitions_delta=after[0] - before[0], events_delta=after[1] - before[1],
        writes_match=(written == registered and events == registered + accepted
                      and after[0] - before[0] == registered)))
