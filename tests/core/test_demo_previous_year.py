"""The demo has a full previous year of petitions, so the dashboards' comparison
line is drawn (issue 17, KPI cards and charts)."""

from io import StringIO

from django.core.management import call_command

from accounts.models import User
from petitions.models import Petition


def test_the_demo_fills_the_2025_line(db, client, today):
    call_command("seed_demo", stdout=StringIO())
    earlier = Petition.objects.filter(received_on__year=2025)
    # Every month of the previous year has petitions, numbered in date order.
    assert {d.month for d in earlier.values_list("received_on", flat=True)} == set(range(1, 13))
    first = earlier.order_by("number").first()
    assert first.number == "XF-2025-000001" and first.received_on.month == 1
    client.force_login(User.objects.get(username="city"))
    html = client.get("/").content.decode()
    assert '"name": "2025"' in html or '"name":"2025"' in html
