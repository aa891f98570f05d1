"""Periodic jobs of the petitions app (api.md, runjobs)."""

from datetime import date

from django.db import connection
from django.db.models import Exists, OuterRef

from core.jobs import register
from petitions.models import Petition
from supervision.models import Alert

# One statement whatever the count; the alert's unique key makes a rerun a no-op.
# Reads the partial index petition_open_due.
_RAISE_SQL = f"""
INSERT INTO {Alert._meta.db_table}
       (kind, target_type, target_id, org_unit_id, due_on, raised_on)
SELECT 'petition_overdue', 'petition', p.id, p.org_unit_id, p.current_due, %s
  FROM {Petition._meta.db_table} p
 WHERE p.current_due IS NOT NULL AND p.current_due < %s
ON CONFLICT DO NOTHING
RETURNING target_id
"""


@register("flag_overdue")
def flag_petitions_overdue(*, as_of: date) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(_RAISE_SQL, [as_of, as_of])
        raised = [row[0] for row in cursor.fetchall()]
    # An alert clears once its step is done: the petition's open step is no
    # longer the one due on the alert's date (replied, extended, closed...).
    same_step = Petition.objects.filter(pk=OuterRef("target_id"), current_due=OuterRef("due_on"))
    Alert.objects.filter(kind=Alert.Kind.PETITION_OVERDUE, cleared_on__isnull=True).exclude(
        Exists(same_step)).update(cleared_on=as_of)
    numbers = dict(Petition.objects.filter(pk__in=raised).values_list("pk", "number"))
    return [f"petition_overdue {numbers[pk]}" for pk in sorted(raised)]


@register("purge_personal_data")
def anonymise_old_petitioners(*, as_of: date) -> list[str]:
    from petitions.retention import petitioners_anonymise

    count = petitioners_anonymise(as_of=as_of)
    return [f"anonymised {count} petitioner(s) whose matters concluded long ago"] if count else []
