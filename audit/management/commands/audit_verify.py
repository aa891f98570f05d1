"""Verify the audit log: the HMAC chain and the signed daily checkpoints.

Exit status 1 and one line per break if anything is wrong (docs/security.md).
"""

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify


class Command(BaseCommand):
    help = "Verify the audit log's HMAC chain and its signed checkpoints."

    def handle(self, *args, **options):
        problems = audit_verify()
        if problems:
            for row, what in problems:
                self.stderr.write(f"row {row}: {what}" if row is not None else what)
            raise CommandError(f"the audit log is broken ({len(problems)} problem(s))")
        self.stdout.write("the audit log is intact")
