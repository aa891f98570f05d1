from io import BytesIO

from openpyxl import load_workbook

from audit.models import AuditEntry
from tests.builders import id_number, register

URL = "/petitions/petitioner-data/"


def test_the_city_downloads_everything_held_about_a_petitioner(client, clerk, t01, city_officer):
    register(clerk, t01, ids=(7,), title="河道污染")
    register(clerk, t01, ids=(7,), title="噪音扰民", category="urban_construction")
    register(clerk, t01, ids=(8,), title="别人的事")
    client.force_login(city_officer)
    response = client.post(URL, {"id_number": id_number(7)})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[8] for r in rows] == ["河道污染", "噪音扰民"]
    assert {r[1] for r in rows} == {id_number(7)}  # their own full number
    assert id_number(7) not in str(list(AuditEntry.objects.values("data")))
    assert AuditEntry.objects.get(action="export").data["rows"] == 2


def test_an_unknown_or_malformed_number_gets_a_message(client, city_officer):
    client.force_login(city_officer)
    assert "is-invalid" in client.post(URL, {"id_number": id_number(9)}).content.decode()
    assert "is-invalid" in client.post(URL, {"id_number": "12345"}).content.decode()


def test_a_clerk_may_not_export_personal_data(client, clerk):
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
