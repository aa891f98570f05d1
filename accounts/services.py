"""Writes for accounts: roles, the org tree, users. Plain functions (style.md)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import OrgUnit, User
from accounts.roles import ROLE_PERMISSIONS


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups and grant each its permissions (idempotent)."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted: list[Permission] = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)


def org_unit_ensure(*, code: str, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        unit = OrgUnit(code=code, name=name, kind=kind, parent=parent)
        unit.save()
    return unit


def user_ensure(*, username: str, password: str, org_unit: OrgUnit | None, roles: list[str],
                full_name: str = "", is_superuser: bool = False) -> tuple[User, bool]:
    """Create the user with `password` unless it exists; never reset an existing one."""
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username, org_unit=org_unit, full_name=full_name,
                    is_superuser=is_superuser, is_staff=is_superuser)
        user.set_password(password)
        user.save()
    user.groups.add(*Group.objects.filter(name__in=roles))
    return user, created
