from datetime import date
from io import StringIO

from django.core.management import call_command

from petitions import services as sv
from petitions.models import Petition, Petitioner
from petitions.retention import ANONYMISED
from tests.builders import id_number, register


def _closed(clerk, t01, ids, received_on):
    p = register(clerk, t01, ids=ids, received_on=received_on)
    sv.petition_decline(petition_id=p.pk, actor=clerk, on=received_on, reason="不属于受理范围")
    return p


def test_personal_data_of_long_concluded_matters_is_anonymised(clerk, t01):
    old = _closed(clerk, t01, (1,), date(2020, 3, 2))
    recent = _closed(clerk, t01, (2,), date(2024, 3, 4))
    out = StringIO()
    call_command("runjobs", "purge_personal_data", "--as-of", "2026-11-28", stdout=out)
    gone = old.petitioners.get()
    assert (gone.name, gone.phone, gone.address, gone.id_number_encrypted) == (ANONYMISED, "", "", "")
    assert gone.id_masked == id_number(1)[:6] + "*" * 12
    assert recent.petitioners.get().name == "张2"
    # The statistics stay: the petition itself is untouched.
    old.refresh_from_db()
    assert (old.category, old.org_unit, old.status) == ("environment", t01, "declined")
    assert "anonymised 1 petitioner" in out.getvalue()


def test_a_petitioner_with_an_open_matter_keeps_their_data(clerk, t01):
    _closed(clerk, t01, (3,), date(2019, 5, 6))
    register(clerk, t01, ids=(3,), received_on=date(2026, 9, 16))  # open, same person
    call_command("runjobs", "purge_personal_data", "--as-of", "2026-11-28", stdout=StringIO())
    assert Petitioner.objects.get().name == "张3"


def test_the_retention_period_is_a_setting_and_the_job_is_idempotent(clerk, t01, settings):
    _closed(clerk, t01, (4,), date(2024, 3, 4))
    settings.PERSONAL_DATA_RETENTION_YEARS = 2
    out = StringIO()
    call_command("runjobs", "purge_personal_data", "--as-of", "2026-11-28", stdout=out)
    call_command("runjobs", "purge_personal_data", "--as-of", "2026-11-28", stdout=out)
    assert out.getvalue().count("anonymised") == 1
    assert Petitioner.objects.get().name == ANONYMISED
    assert Petition.objects.count() == 1
