"""Writes that change a dashboard figure make the cached figures stale.

Saves and deletes through the ORM send these signals; set-based jobs (UPDATE
statements, e.g. flag_overdue) do not, and are covered by the short TTL
(dashboards.selectors.CACHE_SECONDS): see docs/decisions.md.
"""

from django.db.models.signals import post_delete, post_save

from dashboards.selectors import figures_changed

WATCHED = ("petitions.Petition", "backlog.BacklogCase", "screening.ScreeningReport",
           "screening.ScreeningPeriod", "supervision.SupervisionOrder",
           "supervision.AssessmentScore")


def _changed(sender, **kwargs):
    figures_changed()


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"dashboards-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"dashboards-delete-{label}")
