from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import jobs


class Command(BaseCommand):
    help = "Run the periodic jobs once, synchronously, as the scheduler would on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("jobs", nargs="*", help="job names (default: all)")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = None
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of {options['as_of']!r} is not a date YYYY-MM-DD.") from None
        names = options["jobs"] or jobs.known_jobs()
        unknown = [name for name in names if name not in jobs.known_jobs()]
        if unknown:
            raise CommandError(
                f"Unknown job(s): {', '.join(unknown)}. Known: {', '.join(jobs.known_jobs())}."
            )
        for name in names:
            lines = jobs.run_job(name, as_of=as_of)
            self.stdout.write(f"{name}: {len(lines)} raised")
            for line in lines:
                self.stdout.write(f"  {line}")
