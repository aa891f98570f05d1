"""`python manage.py rollups_rebuild`: recompute the dashboards' rollup tables from the
petitions (dashboards.rollups). The triggers keep them in step on every write; run
this after a bulk load with the triggers off, or to check them (--check)."""

import time

from django.core.management.base import BaseCommand, CommandError

from dashboards.rollups import rollups_differences, rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the dashboards' rollup tables from the petitions."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="only compare the tables with the petitions; fail on a difference")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["check"]:
            wrong = rollups_differences()
            if wrong:
                raise CommandError(f"rollups differ from the petitions: {wrong}")
            self.stdout.write(f"rollups match the petitions ({time.monotonic() - started:.1f} s)")
            return
        counts = rollups_rebuild()
        self.stdout.write(f"rollups rebuilt: {counts['day_rows']} day rows, "
                          f"{counts['open_rows']} open-step rows "
                          f"in {time.monotonic() - started:.1f} s")
