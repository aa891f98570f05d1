from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """An Excel export too large to stream in the request (EXPORT_ASYNC_THRESHOLD rows):
    a Celery task writes it to exports/ in the files storage (core.files) and the owner
    downloads it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="export_jobs")
    name = models.CharField(_("export"), max_length=40)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    total = models.PositiveIntegerField(_("rows expected"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0


class SavedView(models.Model):
    """A named filter set of one list, the user's own (issue 19, item 4).

    Only the query string is kept; opening it opens the list, which scopes
    what the user may see as always, so a saved view never widens it.
    """

    class ListName(models.TextChoices):
        PETITIONS = "petitions", _("Petitions")
        BACKLOG = "backlog", _("Backlog cases")
        STABILITY = "stability", _("Stability risk matters")
        ORDERS = "orders", _("Supervision orders")

    # Where each list lives (URL names): opening a view opens its list.
    LIST_URLS = {"petitions": "petitions:list", "backlog": "backlog:index",
                 "stability": "stability:index", "orders": "supervision:index"}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("name"), max_length=60)
    list_name = models.CharField(_("list"), max_length=20, choices=ListName.choices)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"],
                                               name="saved_view_name_once_per_user")]

    def __str__(self):
        return self.name


class PetitionDayCount(models.Model):
    """Rollup: petitions received on `day` by channel and category, for one unit.

    Two kinds of row, both kept by database triggers on petitions_petition in the
    same transaction as the write (dashboards.rollups):
    - REGISTERED: petitions registered by the unit or a unit below it (the
      dashboard's unit filter, `org_unit` in the subtree);
    - VISIBLE: petitions whose registering OR handling unit is the unit or below it
      (a clerk's scope, petitions.selectors.petition_scope).
    A row can reach n = 0; rollups_rebuild drops those.
    """

    class Kind(models.TextChoices):
        REGISTERED = "o", _("registered in the subtree")
        VISIBLE = "s", _("visible to the subtree")

    kind = models.CharField(_("kind"), max_length=1, choices=Kind.choices)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                             on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")
    day = models.DateField(_("day received"))
    channel = models.CharField(_("channel"), max_length=20)
    category = models.CharField(_("category"), max_length=30)
    n = models.IntegerField(_("petitions"), default=0)
    skipping = models.IntegerField(_("level-skipping"), default=0)
    collective = models.IntegerField(_("collective"), default=0)
    # 进京 and the leader receptions' outcome (issue 20), and the first-petition figures
    # (初信初访, issue 20 item 6): dashboards.rollups.counted says what each counts.
    national = models.IntegerField(_("to Beijing"), default=0)
    closed = models.IntegerField(_("closed"), default=0)
    satisfied = models.IntegerField(_("closed satisfied"), default=0)
    repeats = models.IntegerField(_("repeats"), default=0)
    first = models.IntegerField(_("first petitions"), default=0)
    first_replied = models.IntegerField(_("first petitions replied"), default=0)
    first_on_time = models.IntegerField(_("first petitions on time"), default=0)
    first_closed = models.IntegerField(_("first petitions closed"), default=0)
    first_resolved = models.IntegerField(_("first petitions resolved"), default=0)

    class Meta:
        verbose_name = _("petitions by day (rollup)")
        verbose_name_plural = _("petitions by day (rollup)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "day", "channel", "category"],
                                    name="petition_day_count_key"),
        ]

    def __str__(self):
        return f"{self.kind} {self.unit_id} {self.day} {self.n}"


class PetitionMonthCount(models.Model):
    """PetitionDayCount by month (`month` is its first day), kept by the same triggers:
    the year-on-year volume and the whole months of a date range read these."""

    kind = models.CharField(_("kind"), max_length=1, choices=PetitionDayCount.Kind.choices)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                             on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")
    month = models.DateField(_("month received"))
    channel = models.CharField(_("channel"), max_length=20)
    category = models.CharField(_("category"), max_length=30)
    n = models.IntegerField(_("petitions"), default=0)
    skipping = models.IntegerField(_("level-skipping"), default=0)
    collective = models.IntegerField(_("collective"), default=0)
    # 进京 and the leader receptions' outcome (issue 20), and the first-petition figures
    # (初信初访, issue 20 item 6): dashboards.rollups.counted says what each counts.
    national = models.IntegerField(_("to Beijing"), default=0)
    closed = models.IntegerField(_("closed"), default=0)
    satisfied = models.IntegerField(_("closed satisfied"), default=0)
    repeats = models.IntegerField(_("repeats"), default=0)
    first = models.IntegerField(_("first petitions"), default=0)
    first_replied = models.IntegerField(_("first petitions replied"), default=0)
    first_on_time = models.IntegerField(_("first petitions on time"), default=0)
    first_closed = models.IntegerField(_("first petitions closed"), default=0)
    first_resolved = models.IntegerField(_("first petitions resolved"), default=0)

    class Meta:
        verbose_name = _("petitions by month (rollup)")
        verbose_name_plural = _("petitions by month (rollup)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "month", "channel", "category"],
                                    name="petition_month_count_key"),
        ]
        # The first-petition panel's units below the root: an index-only read of
        # their months' counts (PostgreSQL; the include is ignored elsewhere).
        indexes = [models.Index(fields=["kind", "unit", "month"], include=["n", "repeats"],
                                name="petition_month_by_unit")]

    def __str__(self):
        return f"{self.kind} {self.unit_id} {self.month} {self.n}"


class OpenStepCount(models.Model):
    """Rollup: open office steps (current_due set) by the unit responsible for the
    step (Petition.responsible_unit, issue 18), due date and status. Kept by the same
    triggers; the overdue count is the sum of the rows due before today."""

    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("responsible unit"),
                             on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")
    due = models.DateField(_("current due"))
    status = models.CharField(_("status"), max_length=20)
    n = models.IntegerField(_("petitions"), default=0)

    class Meta:
        verbose_name = _("open steps (rollup)")
        verbose_name_plural = _("open steps (rollup)")
        constraints = [
            models.UniqueConstraint(fields=["unit", "due", "status"], name="open_step_count_key"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.due} {self.status} {self.n}"


class FirstPendingCount(models.Model):
    """Rollup: first petitions accepted and not yet replied to, by day received and
    handling due date, for one unit (kinds as PetitionDayCount). Once the due date has
    passed they count as due and not on time; kept by the same triggers."""

    kind = models.CharField(_("kind"), max_length=1, choices=PetitionDayCount.Kind.choices)
    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("unit"),
                             on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")
    day = models.DateField(_("day received"))
    due = models.DateField(_("handling due"))
    n = models.IntegerField(_("petitions"), default=0)

    class Meta:
        verbose_name = _("first petitions awaiting a reply (rollup)")
        verbose_name_plural = _("first petitions awaiting a reply (rollup)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "day", "due"],
                                    name="first_pending_count_key"),
        ]

    def __str__(self):
        return f"{self.kind} {self.unit_id} {self.day} {self.due} {self.n}"
