from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """An Excel export too large to stream in the request (EXPORT_ASYNC_THRESHOLD rows):
    a Celery task writes it under MEDIA_ROOT/exports/ and the owner downloads it."""

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
