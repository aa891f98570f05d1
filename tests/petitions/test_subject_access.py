from io import BytesIO

from openpyxl import load_workbook

from audit.models import AuditEntry
from tests.builders import id_number, register

URL = "/petitions/petitioner-data/"


def ask(id_no, case_number, reason="own_request", note="本人书面申请查询"):
    return {"id_number": id_no, "case_number": case_number, "reason": reason,
            "reason_note": note}


def test_the_city_downloads_everything_held_about_a_petitioner(client, clerk, t01, city_officer):
    first = register(clerk, t01, ids=(7,), title="河道污染")
    register(clerk, t01, ids=(7,), title="噪音扰民", category="urban_construction")
    register(clerk, t01, ids=(8,), title="别人的事")
    client.force_login(city_officer)
    response = client.post(URL, ask(id_number(7), first.number))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[8] for r in rows] == ["河道污染", "噪音扰民"]
    assert {r[1] for r in rows} == {id_number(7)}  # their own full number
    assert id_number(7) not in str(list(AuditEntry.objects.values("data")))
    assert AuditEntry.objects.get(action="export").data["rows"] == 2


def test_an_unknown_or_malformed_number_gets_a_message(client, city_officer):
    client.force_login(city_officer)
    assert "is-invalid" in client.post(URL, ask(id_number(9), "XF-2026-000001")).content.decode()
    assert "is-invalid" in client.post(URL, ask("12345", "XF-2026-000001")).content.decode()


def test_a_clerk_may_not_export_personal_data(client, clerk):
    client.force_login(clerk)
    assert client.get(URL).status_code == 403


def test_the_look_up_records_who_asked_why_and_for_which_case(client, clerk, t01, city_officer):
    mine = register(clerk, t01, ids=(7,), title="河道污染")
    other = register(clerk, t01, ids=(8,), title="别人的事")
    client.force_login(city_officer)
    for refused in (ask(id_number(7), mine.number, reason="", note="x"),  # no reason
                    ask(id_number(7), mine.number, note=" "),  # no words
                    ask(id_number(7), other.number)):  # a case that is not theirs
        page = client.post(URL, refused)
        assert page.status_code == 200 and "is-invalid" in page.content.decode()
    assert not AuditEntry.objects.filter(action__in=["person_lookup", "export"]).exists()
    response = client.post(URL, ask(id_number(7), mine.number))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="person_lookup")
    assert (entry.actor, entry.object_id) == (city_officer, mine.number)
    assert entry.data == {"kind": "subject_access", "reason": "own_request",
                          "note": "本人书面申请查询", "case": mine.number}
    assert id_number(7) not in str(entry.data)
    page = client.get(URL).content.decode()
    assert "信访人本人申请查询" in page and "查询事由" in page
