"""Schemathesis against our own OpenAPI schema: every operation, as a city
officer and as a township clerk, with no 500 and no response outside the schema.

Bounded (FUZZ_EXAMPLES per operation, default 8) so `make test` stays quick;
raise it for a deeper run: `FUZZ_EXAMPLES=200 make test PYTEST_ARGS=tests/fuzz`.
"""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.petitions.conftest import register

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))


@pytest.fixture
def api_schema(db):
    document = SchemaGenerator().get_schema(request=None, public=True)
    config = schemathesis.Config()
    # The coverage phase enumerates hundreds of boundary cases per operation;
    # the bounded random phase is what fits in `make test`.
    config.projects.default.phases.coverage.enabled = False
    config.projects.default.phases.stateful.enabled = False
    loaded = schemathesis.openapi.from_dict(document, config=config)
    loaded.app = get_wsgi_application()
    # The one multipart upload: schemathesis cannot build a valid workbook, and
    # tests/backlog/test_api.py feeds it good, bad and corrupt files instead.
    return loaded.exclude(path="/api/v1/backlog/import/")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def world(clerk, city_officer, t01, t01_village, t02, d01, leader):
    """A little of everything, so ids in paths sometimes hit real records."""
    register(clerk, t01, ids=(1,))
    register(city_officer, t02, ids=(2,))
    return {"clerk": Token.objects.create(user=clerk).key,
            "city": Token.objects.create(user=city_officer).key}


BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))


def _call(case, token):
    if case.path != "/api/v1/auth/token/":
        case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}
    case.call_and_validate(
        checks=[response_schema_conformance, content_type_conformance],
        excluded_checks=[status_code_conformance],
    )


@schema.parametrize()
@BOUNDED
def test_no_operation_fails_or_breaks_its_schema_for_the_city(case, world):
    _call(case, world["city"])


@schema.parametrize()
@BOUNDED
def test_no_operation_fails_or_breaks_its_schema_for_a_clerk(case, world):
    _call(case, world["clerk"])
