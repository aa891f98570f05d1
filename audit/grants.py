"""The app role's privileges on the audit tables (issue 16): INSERT and SELECT only.

Run after every `migrate` (post_migrate, as the owner role) when
DATABASE_APP_ROLE names the role the app runs as (docker-compose sets it).
"""

from django.conf import settings
from django.db import connection

AUDIT_TABLES = ("common_auditentry", "common_auditcheckpoint")


def audit_grants_apply(*, role: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in AUDIT_TABLES:
            cursor.execute(f"REVOKE ALL ON {quote(table)} FROM {quote(role)}")
            cursor.execute(f"GRANT SELECT, INSERT ON {quote(table)} TO {quote(role)}")


def on_post_migrate(sender, **kwargs) -> None:
    role = getattr(settings, "DATABASE_APP_ROLE", "")
    if role and connection.vendor == "postgresql" and sender.name == "common":
        audit_grants_apply(role=role)
