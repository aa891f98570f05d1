"""Personal data retention (PIPL art. 19): keep it no longer than handling needs.

Petitioners whose every matter concluded more than PERSONAL_DATA_RETENTION_YEARS
ago are anonymised: name, ID number, phone and address are erased, in one
UPDATE. Petitions keep their unit, category, dates and outcome, so statistics
and assessments over past years stay as they were. The `id_masked` keeps the
region code (first 6 digits) only, for the regional statistics.
"""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.fields import CharField
from django.db.models.functions import Cast, Concat, Left

from petitions.models import Petition, Petitioner, PetitionPetitioner
from petitions.search import petition_search_refresh

ANONYMISED = "（已匿名）"


def _concluded_before(cutoff: date) -> Q:
    """Petitions whose matter concluded before `cutoff`."""
    return (
        Q(status="closed", closed_on__lt=cutoff)
        | Q(status="declined", declined_on__lt=cutoff)
        | Q(status="forwarded", forwarded_on__lt=cutoff)
        | Q(status="rechecked", recheck_replied_on__lt=cutoff)
        # A reply whose review window passed unused concludes the matter (domain.md).
        | Q(status="replied", review_request_due__lt=cutoff)
        | Q(status="reviewed", recheck_request_due__lt=cutoff)
    )


def petitioners_to_anonymise(*, as_of: date):
    cutoff = as_of.replace(year=as_of.year - settings.PERSONAL_DATA_RETENTION_YEARS)
    still_needed = PetitionPetitioner.objects.filter(
        petitioner=OuterRef("pk")).exclude(petition__in=Petition.objects.filter(
            _concluded_before(cutoff)))
    return (Petitioner.objects.exclude(name=ANONYMISED)
            .filter(links__isnull=False).filter(~Exists(still_needed)).distinct())


@transaction.atomic
def petitioners_anonymise(*, as_of: date) -> int:
    ids = list(petitioners_to_anonymise(as_of=as_of).values_list("pk", flat=True))
    count = Petitioner.objects.filter(pk__in=ids).update(
        name=ANONYMISED, phone="", address="", id_number_encrypted="",
        id_masked=Concat(Left("id_masked", 6), Value("************")),
        # Unique and no longer derivable from any ID number.
        id_hash=Concat(Value("anonymised:"), Cast("pk", output_field=CharField())),
    )
    # The erased names leave the search too (petitions.search).
    petition_search_refresh(petition_ids=PetitionPetitioner.objects.filter(
        petitioner_id__in=ids).values_list("petition_id", flat=True).distinct())
    return count
