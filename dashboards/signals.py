"""Writes that change a dashboard figure make the cached figures stale.

Saves and deletes through the ORM send these signals; set-based jobs (UPDATE
statements, e.g. flag_overdue) do not, and are covered by the short TTL
(dashboards.selectors.CACHE_SECONDS): see docs/decisions.md.

A unit that moves in the tree (its path changes) rebuilds the rollups once its
transaction commits: their rows are filed under each petition's units' ancestors
(dashboards.rollups).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from dashboards.selectors import figures_changed

WATCHED = ("petitions.Petition", "backlog.BacklogCase", "screening.ScreeningReport",
           "screening.ScreeningPeriod", "supervision.SupervisionOrder",
           "supervision.AssessmentScore")


def _changed(sender, **kwargs):
    figures_changed()


def _unit_before(sender, instance, **kwargs):
    instance._path_before = (sender.objects.filter(pk=instance.pk)
                             .values_list("path", flat=True).first() if instance.pk else None)


def _unit_after(sender, instance, created, **kwargs):
    before = getattr(instance, "_path_before", None)
    if not created and before and before != instance.path:
        from dashboards.rollups import rollups_rebuild

        transaction.on_commit(rollups_rebuild)
        figures_changed()


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"dashboards-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboards-delete-{label}")
    unit = apps.get_model("accounts.OrgUnit")
    pre_save.connect(_unit_before, sender=unit, dispatch_uid="dashboards-unit-before")
    post_save.connect(_unit_after, sender=unit, dispatch_uid="dashboards-unit-after")
