"""Alerts raised by layers below this one, which cannot import it."""

from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accounts.lockout import login_burst
from accounts.models import User
from accounts.roles import ADMIN
from alerts.models import Notification
from audit.jobs import audit_broken
from core.dates import local_today


@receiver(login_burst)
def notify_admins_of_a_login_burst(sender, *, address: str, failures: int, minutes: int,
                                   **kwargs) -> None:
    text = _("%(n)d failed logins from %(addr)s within %(m)d minutes: logins from this "
             "address are paused.") % {"n": failures, "addr": address, "m": minutes}
    admins = User.objects.filter(Q(is_superuser=True) | Q(groups__name=ADMIN),
                                 is_active=True).distinct()
    Notification.objects.bulk_create(
        Notification(user=admin, kind=Notification.Kind.NOTICE, day=local_today(), text=text)
        for admin in admins)


@receiver(audit_broken)
def notify_superusers_of_a_broken_audit_log(sender, *, as_of, count: int, **kwargs) -> None:
    text = _("The audit log failed its integrity check (%(count)s problem(s)); run "
             "manage.py audit_verify and inspect the database.") % {"count": count}
    Notification.objects.bulk_create([
        Notification(user=admin, kind=Notification.Kind.NOTICE, day=as_of, text=text)
        for admin in User.objects.filter(is_active=True, is_superuser=True)])
