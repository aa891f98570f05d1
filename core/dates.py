from datetime import date

from django.utils import timezone


def local_today() -> date:
    """Today in the deployment's time zone (Asia/Shanghai), not UTC."""
    return timezone.localdate()
