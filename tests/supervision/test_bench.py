import json
from io import StringIO

from django.core.management import call_command

from alerts.models import Alert


def test_bench_assessment_runs_and_leaves_nothing_behind(city):
    out = StringIO()
    call_command("bench_assessment", units=3, per_unit_month=2, stdout=out)
    figure = json.loads(out.getvalue())
    assert figure["units"] == 3
    assert figure["records"] == 3 * 12 * 2 + 3 * 12
    assert figure["queries"] < 20
    assert not Alert.objects.exists()
