from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrgUnit(models.Model):
    """A unit of the city's tree: city > township or department > village.

    `path` is a materialized path of codes ("C00/T01/T01V03/"), so a subtree is
    one indexed prefix query, never a recursion per request.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        TOWNSHIP = "township", _("Township")
        DEPARTMENT = "department", _("Department")
        VILLAGE = "village", _("Village")

    # Townships, departments and units file screening reports and take assignments.
    REPORTING_KINDS = (Kind.TOWNSHIP, Kind.DEPARTMENT)

    code = models.CharField(
        _("code"), max_length=20, unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]+$", _("Use capital letters and digits only."))],
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        indexes = [
            # Subtree queries are `path LIKE 'C00/T01/%'`; text_pattern_ops lets
            # PostgreSQL use the index for the prefix under any collation.
            models.Index(fields=["path"], name="orgunit_path_prefix",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path is storage for the tree, not business logic: keep it (and the
        # paths of the whole subtree, in one UPDATE) in step with code and parent.
        if self.parent_id and self.parent_id == self.pk:
            raise ValueError("An org unit cannot be its own parent.")
        old_path = self.path
        self.path = self.compute_path()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
                )

    @property
    def is_reporting(self) -> bool:
        return self.kind in self.REPORTING_KINDS

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent is not None else ""
        return f"{prefix}{self.code}/"

    def descendants(self, include_self: bool = True) -> "models.QuerySet[OrgUnit]":
        units = OrgUnit.objects.filter(path__startswith=self.path)
        return units if include_self else units.exclude(pk=self.pk)


class User(AbstractUser):
    """A person who uses the system. Belongs to one org unit (api.md, domain.md)."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("org unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    # Set by set_password; a password older than PASSWORD_MAX_AGE_DAYS must be changed.
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # The role names, read once per request (accounts.roles.user_roles); not a column.
    _role_cache: frozenset[str] | None = None

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    if TYPE_CHECKING:
        # Set on request.user by django_otp's OTPMiddleware: has this session given
        # its second factor?
        def is_verified(self) -> bool: ...


class TokenGrant(models.Model):
    """How an API token was issued: with a two-factor code or without.

    A role in OTP_REQUIRED_ROLES can use only a token issued with a code
    (accounts.tokens); one created any other way (the admin, a shell) is refused.
    """

    token = models.OneToOneField("authtoken.Token", primary_key=True, on_delete=models.CASCADE,
                                 related_name="grant")
    two_factor = models.BooleanField(_("issued with a two-factor code"), default=False)

    class Meta:
        verbose_name = _("token grant")
        verbose_name_plural = _("token grants")

    def __str__(self) -> str:
        return f"{self.token_id} two_factor={self.two_factor}"


# Whoever a request comes from (request.user): a user, or nobody logged in.
AnyUser: TypeAlias = User | AnonymousUser
