"""`python manage.py run_bench` (what `make bench` runs): every figure of performance.md."""

import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import measure as benchrun
from bench.seed import dataset_counts, seed_bench
from petitions.models import Petition


class Command(BaseCommand):
    help = "Measure the figures of performance.md on PostgreSQL; write var/bench.json."

    def add_arguments(self, parser):
        parser.add_argument("--only", action="append", default=None,
                            help="measure only this figure (repeatable)")
        parser.add_argument("--json-only", action="store_true")
        parser.add_argument("--export-child", action="store_true", help=argparse_hidden())
        parser.add_argument("--tenth-url", default=None,
                            help="DATABASE_URL of the tenth-size database (scaling figure)")
        parser.add_argument("--large", action="store_true",
                            help="the figures of make bench-large (issue 21's table, 2M petitions)")
        parser.add_argument("--output", default=None,
                            help="default var/bench.json (var/bench-large.json with --large)")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("make bench measures PostgreSQL only: set DATABASE_URL to a "
                               "postgres:// database (make bench defaults to xinfang_bench on "
                               "127.0.0.1).")
        if options["export_child"]:
            self.stdout.write(json.dumps(benchrun.export_child(), default=str))
            return
        only = set(options["only"]) if options["only"] else None
        targets = benchrun.TARGETS_LARGE if options["large"] else benchrun.TARGETS
        if options["large"] and only is None:
            only = set(benchrun.TARGETS_LARGE)
        name = "bench-large.json" if options["large"] else "bench.json"
        output = options["output"] or str(Path(settings.BASE_DIR) / "var" / name)
        if not Petition.objects.exists():
            self.stderr.write("seeding the benchmark data set first (seed_bench)...")
            seed_bench(out=self.stderr.write)
        started = time.monotonic()
        results: list[dict] = []
        benchrun.figure_pages(results, only=only)
        if only is None:
            benchrun.figure_jobs(results)
            benchrun.figure_issue_targets(results)
            benchrun.figure_export(results)
            benchrun.figure_export_worker(results, floor_ms=_floor_of(results, "export_petitions"))
            benchrun.figure_scaling(results, options["tenth_url"])
            from bench.load.run import figure_load_mixed

            figure_load_mixed(results)
        else:
            benchrun.figure_jobs(results, only=only)
            if "recompute_assessment" in only:
                benchrun.figure_assessment(results)
            if "export_petitions" in only:
                benchrun.figure_export(results)
            if "load_mixed" in only:
                from bench.load.run import figure_load_mixed

                figure_load_mixed(results)
            if "export_petitions_worker" in only:
                benchrun.figure_export_worker(
                    results, floor_ms=_floor_of(results, "export_petitions"))
        order = list(targets)
        results.sort(key=lambda r: order.index(r["name"]) if r["name"] in order else 99)
        report = {"dataset": dataset_counts(), "figures": results}
        if options["json_only"]:
            self.stdout.write(json.dumps(report, default=str))
            return
        failed = 0
        for row in results:
            ok, text = benchrun.verdict(row, targets)
            failed += not ok
            self.stdout.write(
                f"{row['name']:<22} median {_f(row['median_ms'])} ms  p95 {_f(row['p95_ms'])} ms  "
                f"queries {_f(row['queries'])}  floor {_f(row['floor_ms'])} ms  "
                f"ratio {_f(row['ratio_to_floor'])}  rows/s {_f(row['rows_per_s'])}  "
                f"rss {_f(row['peak_rss_mb'])} MB  [{text}] {'PASS' if ok else 'FAIL'}")
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        # Exactly the fields of performance.md (the extra checks are printed above).
        keys = ("name", "median_ms", "p95_ms", "queries", "floor_ms", "ratio_to_floor",
                "rows_per_s", "peak_rss_mb")
        extra = {name: ("rows", "rows_in_workbook") for name in benchrun.EXPORT_FIGURES}
        extra["load_mixed"] = ("req_per_s", "p99_ms", "errors")
        # Issue 21's export target is a ratio to the bare openpyxl loop of the same run.
        extra["export_petitions"] += ("floor_rows_per_s", "speedup")
        shaped = {"dataset": report["dataset"],
                  "figures": [{**{k: row.get(k) for k in keys + extra.get(row["name"], ())},
                               "result": "PASS" if benchrun.verdict(row, targets)[0] else "FAIL"}
                              for row in results]}
        out.write_text(json.dumps(shaped, indent=2, default=str))
        self.stdout.write(f"{len(results) - failed}/{len(results)} figures pass; "
                          f"written {out} in {time.monotonic() - started:.0f} s")
        if failed:
            raise CommandError(f"{failed} figure(s) miss their target")


def _floor_of(results: list, name: str):
    return next((r["floor_ms"] for r in results if r["name"] == name), None)


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def _f(value):
    return "-" if value is None else value
