from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.models import User


class ModelBackend(DjangoModelBackend):
    """Django's backend, loading the user's unit with the user: every page shows
    the unit and every scoped query reads its path, so this saves a query a page."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("org_unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
