"""petitions 0014 adds petition_registered_has_step to an existing database: a
registered petition written before the services kept its step gets it first, instead of
the migration failing on it."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dashboards.models import OpenStepCount
from petitions.models import Petition


@pytest.mark.django_db(transaction=True)
def test_the_constraint_migrates_a_database_holding_a_registered_petition_without_its_step(
        t01):
    before = [("petitions", "0013_petition_assessment_indexes")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("petitions", "Petition")
        stale = old._base_manager.create(
            number="XF-2026-000777", channel="visit", received_on=date(2026, 11, 2),
            org_unit_id=t01.pk, category="environment", title="河道污染", content="工厂排污",
            level="local", status="registered", acceptance_due=date(2026, 11, 17),
            current_due=None, responsible_unit_id=None)
        MigrationExecutor(connection).migrate(leaves)
        petition = Petition.objects.get(pk=stale.pk)
        assert petition.current_due == date(2026, 11, 17)
        assert petition.responsible_unit_id == t01.pk
        if connection.vendor == "postgresql":  # SQLite's rollback dropped its triggers
            assert OpenStepCount.objects.get(unit=t01, status="registered").n == 1
    finally:
        MigrationExecutor(connection).migrate(leaves)
