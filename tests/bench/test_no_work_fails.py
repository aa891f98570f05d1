"""A bench figure that measured no work fails the bench (issue 21): an export whose
workbook was not opened, or holds fewer rows than it claims, or a figure with no time."""

from bench.measure import _figure, verdict


def export(name="export_petitions", **fields):
    row = _figure(name, median_ms=6_000.0, floor_ms=9_000.0, rows_per_s=16_000,
                  peak_rss_mb=120.0, rows=100_000, rows_in_workbook=100_000, speedup=1.6)
    row.update(fields)
    return row


def test_an_export_that_wrote_every_row_it_timed_passes():
    assert verdict(export()) == (True, verdict(export())[1])
    assert verdict(export("export_petitions_worker", peak_rss_mb=130.0))[0]


def test_an_export_that_only_enqueued_fails_however_fast():
    # What issue 21 saw: the enqueue timed, 172,783 rows/s, no workbook at all.
    ok, text = verdict(export(rows_per_s=172_783, median_ms=580.0, ratio_to_floor=0.01,
                              rows_in_workbook=None))
    assert not ok and "no work measured" in text


def test_a_workbook_missing_rows_fails():
    ok, text = verdict(export("export_petitions_worker", rows_in_workbook=99_999))
    assert not ok and "99999 of 100000" in text


def test_an_export_of_no_rows_fails():
    assert not verdict(export(rows=0, rows_in_workbook=0))[0]


def test_a_figure_with_no_time_or_an_error_fails():
    assert not verdict(_figure("dashboard_city", queries=12))[0]
    assert not verdict(_figure("export_petitions_worker", error="REDIS_URL is not set"))[0]
    assert verdict(_figure("dashboard_city", median_ms=20.0, p95_ms=25.0, queries=12,
                           floor_ms=10.0))[0]


def test_an_export_must_beat_the_bare_openpyxl_loop_by_half():
    """Issue 21: >= 1.5x the floor's rows/s in the same run, whatever the absolute speed."""
    ok, text = verdict(export(speedup=1.2))
    assert not ok and "speedup 1.2 >= 1.5" in text
    assert verdict(export(speedup=1.5))[0]
