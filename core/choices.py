"""Choices shared by several apps: one definition, so they can never drift.

The categories are api.md's petition categories, used alike by petitions,
screening items and risk matters (the "one content template" of 四个统一).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    LAND_DEMOLITION = "land_demolition", _("Land acquisition and demolition")
    ENVIRONMENT = "environment", _("Environmental pollution")
    LABOR_SOCIAL_SECURITY = "labor_social_security", _("Labour and social security")
    ENTERPRISE_RESTRUCTURING = "enterprise_restructuring", _("Enterprise restructuring legacy")
    URBAN_CONSTRUCTION = "urban_construction", _("Urban construction")
    RURAL_AFFAIRS = "rural_affairs", _("Rural affairs")
    LAW_LITIGATION = "law_litigation", _("Law and litigation")
    OTHER = "other", _("Other")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
