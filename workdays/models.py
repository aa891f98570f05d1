from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """An official calendar entry that overrides the chinesecalendar package.

    The State Council publishes next year's holiday arrangement each November,
    before the package has it: the admin enters the holidays and the make-up
    working days here, and deadlines follow them at once.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Statutory holiday (rest day)")
        WORKDAY = "workday", _("Make-up working day")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True,
                            help_text=_("e.g. National Day, Spring Festival"))

    class Meta:
        db_table = "common_calendarday"  # moved from common with its data
        ordering = ["day"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")

    def __str__(self):
        return f"{self.day} {self.get_kind_display()}"
