from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from core.demo import seeders

DEFAULT_PASSWORD = "demo-pass-2026"


class Command(BaseCommand):
    help = "Create the demo city, its units, users and a year of records (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEFAULT_PASSWORD,
                            help=f"password for new demo users (default {DEFAULT_PASSWORD})")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        for name, seeder in seeders():
            # One transaction per seeder: a failure leaves no half-written part.
            with transaction.atomic():
                seeder(password=password, stdout=self.stdout)
            self.stdout.write(f"seeded {name}")
        self.stdout.write(self.style.SUCCESS(
            f"Demo ready. Log in as city, supervisor, admin, clerk_T01, leader_T01 ... "
            f"with password {password}"
        ))
