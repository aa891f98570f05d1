"""`python manage.py seed_bench`: the benchmark data set of performance.md."""

import time

from django.core.management.base import BaseCommand

from bench.seed import DEFAULTS, seed_bench


class Command(BaseCommand):
    help = "Seed the benchmark data set (bulk inserts; a no-op when already seeded)."

    def add_arguments(self, parser):
        for name, value in DEFAULTS.items():
            kind = float if isinstance(value, float) else int
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=kind,
                                default=None, help=f"default {value}")

    def handle(self, *args, **options):
        started = time.monotonic()
        overrides = {k: options.get(k) for k in DEFAULTS}
        counts = seed_bench(out=self.stdout.write, **overrides)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
        self.stdout.write(f"seed_bench: {time.monotonic() - started:.1f} s")
