"""Models shared by every app (core imports no project app)."""

from django.db import models


class RecordCounter(models.Model):
    """The last number issued per record kind (its prefix) and year.

    Locked with SELECT FOR UPDATE while a record is created (core.numbering), so
    two people creating at once get consecutive numbers, never the same one.
    Petitions keep their own PetitionCounter (older, same rule).
    """

    prefix = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"],
                                               name="record_counter_prefix_year")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
