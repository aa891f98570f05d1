"""load_mixed (issue 21): a working morning against gunicorn, run by bench.load.

Never imported by Django: locust runs this file in its own process. The users and
their sessions (and the petitions each clerk may open) come from the JSON file that
bench.load writes (LOAD_PLAN). Writes are marked with the run's tag in the title so
the runner can count them afterwards.
"""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

PLAN = json.load(open(os.environ["LOAD_PLAN"]))  # noqa: SIM115
TAG = PLAN["tag"]
_clerks = itertools.cycle(PLAN["clerks"])


def _headers(who: dict) -> dict:
    return {"Cookie": f"sessionid={who['session']}; csrftoken={who['csrf']}",
            "X-CSRFToken": who["csrf"], "Accept-Language": "zh-hans"}


class Clerk(HttpUser):
    """A township clerk: the to-do, the list, a record; registers and accepts."""

    weight = 8
    wait_time = between(0.5, 2)

    def on_start(self):
        self.me = next(_clerks)
        self.h = _headers(self.me)
        self.mine: list[int] = []  # registered by this user, not yet accepted

    @task(3)
    def todo(self):
        self.client.get("/", headers=self.h, name="clerk: to-do")

    @task(3)
    def petition_list(self):
        self.client.get("/petitions/?status=assigned", headers=self.h, name="clerk: list")

    @task(3)
    def petition_detail(self):
        pk = random.choice(self.me["petitions"])
        self.client.get(f"/petitions/{pk}/", headers=self.h, name="clerk: detail")

    @task(1)
    def register(self):
        body = {"channel": "visit", "received_on": PLAN["today"], "org_unit": self.me["unit"],
                "category": "environment", "title": f"{TAG} 噪声扰民", "content": "来访反映噪声问题。",
                "headcount": 1, "level": "local",
                "petitioners": [{"name": "王伟", "id_number": random.choice(PLAN["id_numbers"]),
                                 "phone": "13800000000", "address": "某路1号"}]}
        with self.client.post("/api/v1/petitions/", json=body, name="clerk: register",
                              headers={**self.h, "Idempotency-Key": uuid.uuid4().hex},
                              catch_response=True) as response:
            if response.status_code == 201:
                self.mine.append(response.json()["id"])
                response.success()
            else:
                response.failure(f"{response.status_code} {response.text[:200]}")

    @task(1)
    def accept(self):
        if not self.mine:
            return
        pk = self.mine.pop()
        with self.client.post(f"/api/v1/petitions/{pk}/accept/", json={"on": PLAN["today"]},
                              headers=self.h, name="clerk: accept",
                              catch_response=True) as response:
            if response.status_code == 200:
                response.success()
            else:
                response.failure(f"{response.status_code} {response.text[:200]}")


class CityOfficer(HttpUser):
    """The city: the dashboard and a small export."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.h = _headers(PLAN["city"])

    @task(4)
    def dashboard(self):
        self.client.get("/", headers=self.h, name="city: dashboard")

    @task(1)
    def small_export(self):
        self.client.get(f"/exports/petitions.xlsx?received_from={PLAN['export_from']}",
                        headers=self.h, name="city: small export")


class Supervisor(HttpUser):
    """Supervision: the assessment."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.h = _headers(PLAN["supervisor"])

    @task
    def assessment(self):
        self.client.get("/supervision/assessment/", headers=self.h, name="supervisor: assessment")
