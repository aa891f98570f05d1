from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """One use of a create form's one-time token, or of an API `Idempotency-Key`.

    The unique (user, key) constraint is the lock: two submissions in flight
    both try to insert the row, PostgreSQL makes the second wait for the first
    transaction and then refuse it, so exactly one record is created.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                             on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=64)
    # What the key was used for (the page or API path), so a key reused for
    # another kind of record is refused instead of answered with the wrong one.
    scope = models.CharField(_("scope"), max_length=100)
    target_id = models.BigIntegerField(_("created record"), null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("one-time submission key")
        verbose_name_plural = _("one-time submission keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="idempotency_user_key")]

    def __str__(self):
        return f"{self.scope} {self.key}"
