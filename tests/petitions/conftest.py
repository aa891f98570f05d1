"""Builders for petitions: valid ID numbers and a registered petition."""

from datetime import date

import pytest

from core.dates import local_today
from petitions.idnumbers import check_digit
from petitions.services import petition_register


def id_number(serial: int, birth: str = "19800101") -> str:
    first17 = f"110101{birth}{serial % 1000:03d}"
    return first17 + check_digit(first17)


def register(actor, unit, *, received_on=date(2026, 9, 16), ids=(1,), category="environment",
             level="local", headcount=None, title="河道污染", **extra):
    people = [{"name": f"张{i}", "id_number": id_number(i), "phone": "13800000000",
               "address": "城关镇"} for i in ids]
    return petition_register(
        actor=actor, channel=extra.get("channel", "visit"), received_on=received_on,
        org_unit=unit, category=category, title=title, content="工厂排污，请求处理。",
        headcount=headcount or len(people), level=level, petitioners=people,
        matter_unit=extra.get("matter_unit"),
        # Registered on the day it came in (a date over a year back is not a late entry).
        today=extra.get("today", received_on if received_on <= local_today() else None))


@pytest.fixture
def petition(clerk, t01):
    return register(clerk, t01)
