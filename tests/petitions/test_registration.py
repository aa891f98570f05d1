"""Registration (issue 18, item 5): 补录 for old dates, petitioners without an ID,
a required category, and categories as data the admin edits."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from petitions import services as sv
from petitions.categories import forget_names
from petitions.models import Category, Petition, Petitioner
from tests.builders import client_for, id_number

TODAY = date(2026, 11, 29)
URL = "/api/v1/petitions/"


@pytest.fixture(autouse=True)
def _fresh_names():
    forget_names()
    yield
    forget_names()


def reg(actor, unit, *, received_on=date(2026, 9, 16), people=None, category="environment",
        today=TODAY, **extra):
    people = people if people is not None else [{"name": "张三", "id_number": id_number(1)}]
    return sv.petition_register(
        actor=actor, channel="letter", received_on=received_on, org_unit=unit,
        category=category, title="河道污染", content="工厂排污", headcount=max(1, len(people)),
        level="local", petitioners=people, today=today, **extra)


def test_a_date_over_a_year_back_needs_the_late_entry_flag_and_a_reason(clerk, t01):
    with pytest.raises(ValidationError) as e:
        reg(clerk, t01, received_on=date(2025, 11, 28))
    assert "received_on" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        reg(clerk, t01, received_on=date(2025, 11, 28), late_entry=True, late_entry_reason=" ")
    assert "late_entry_reason" in e.value.message_dict
    assert not Petition.objects.exists()
    p = reg(clerk, t01, received_on=date(2025, 11, 28), late_entry=True,
            late_entry_reason="纸质来信未及时录入")
    assert p.late_entry and p.late_entry_reason == "纸质来信未及时录入"
    assert p.number.startswith("XF-2025-")


def test_exactly_one_year_back_is_still_ordinary(clerk, t01):
    assert not reg(clerk, t01, received_on=date(2025, 11, 29)).late_entry


def test_a_date_of_1900_is_refused_even_as_a_late_entry(clerk, t01):
    with pytest.raises(ValidationError):
        reg(clerk, t01, received_on=date(1900, 1, 1), late_entry=True, late_entry_reason="x")


def test_anonymous_petitioners_are_registered_and_never_repeats(clerk, t01):
    first = reg(clerk, t01, people=[{"name": "匿名", "id_number": ""}])
    second = reg(clerk, t01, people=[{"name": "匿名"}])
    assert not second.is_repeat and second.repeat_of is None
    assert Petitioner.objects.filter(id_hash__isnull=True).count() == 2
    assert first.petitioners.get().id_masked == ""


def test_another_document_is_kept_as_given_and_detects_repeats(clerk, t01):
    people = [{"name": "陈大文", "id_type": "hk_macao", "id_number": "h1234 5678"}]
    first = reg(clerk, t01, people=people)
    person = first.petitioners.get()
    assert person.id_type == "hk_macao" and person.id_number == "H12345678"
    assert person.id_masked == "H1*****78"
    again = reg(clerk, t01, people=people)
    assert again.is_repeat and again.repeat_of == first
    with pytest.raises(ValidationError):
        reg(clerk, t01, people=[{"name": "x", "id_type": "passport", "id_number": "12"}])
    with pytest.raises(ValidationError):  # a resident ID is still checked
        reg(clerk, t01, people=[{"name": "x", "id_number": "110101198001010000"}])


def test_the_category_is_checked_against_the_table(clerk, t01):
    with pytest.raises(ValidationError) as e:
        reg(clerk, t01, category="")
    assert "category" in e.value.message_dict
    Category.objects.create(code="housing_fund", name="住房公积金", position=9)
    assert reg(clerk, t01, category="housing_fund").get_category_display() == "住房公积金"
    Category.objects.filter(code="environment").update(is_active=False)
    with pytest.raises(ValidationError):
        reg(clerk, t01, category="environment")


def test_the_seeded_categories_are_api_md_codes_with_chinese_names(db):
    names = dict(Category.objects.values_list("code", "name"))
    assert names["land_demolition"] == "征地拆迁" and names["law_litigation"] == "涉法涉诉"
    assert set(names) == {c for c, _label in Petition.Category.choices}


def body(**over):
    data = {"channel": "letter", "received_on": "2026-09-16", "org_unit": "T01",
            "category": "environment", "title": "匿名来信", "content": "反映排污",
            "headcount": 1, "level": "local", "petitioners": [{"name": "匿名"}]}
    data.update(over)
    return data


def test_the_api_takes_an_absent_or_empty_id_number(api, clerk, december):
    api.force_authenticate(clerk)
    r = api.post(URL, body(), format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["petitioners"][0]["id_number"] == ""
    r = api.post(URL, body(petitioners=[{"name": "来电人", "id_number": ""}]), format="json")
    assert r.status_code == 201


def test_the_api_requires_a_category_and_the_late_entry_reason(api, clerk, december):
    api.force_authenticate(clerk)
    no_category = body()
    del no_category["category"]
    r = api.post(URL, no_category, format="json")
    assert r.status_code == 400 and "category" in r.json()
    r = api.post(URL, body(category="nonsense"), format="json")
    assert r.status_code == 400 and "category" in r.json()
    r = api.post(URL, body(received_on="1900-01-01"), format="json")
    assert r.status_code == 400 and "received_on" in r.json()
    r = api.post(URL, body(received_on="2024-06-01", late_entry=True), format="json")
    assert r.status_code == 400 and "late_entry_reason" in r.json()
    r = api.post(URL, body(received_on="2024-06-01", late_entry=True,
                           late_entry_reason="档案补录"), format="json")
    assert r.status_code == 201 and r.json()["late_entry"] is True
    assert r.json()["late_entry_reason"] == "档案补录"
    assert Petition.objects.count() == 1


def form(**over):
    data = {"channel": "letter", "received_on": "2026-09-05", "org_unit": "T01",
            "category": "environment", "level": "local", "headcount": "1", "title": "噪音扰民",
            "content": "夜间施工", "p-TOTAL_FORMS": "1", "p-INITIAL_FORMS": "0",
            "p-MIN_NUM_FORMS": "1", "p-MAX_NUM_FORMS": "20", "p-0-name": "匿名",
            "p-0-id_type": "resident_id", "p-0-id_number": "", "p-0-phone": "",
            "p-0-address": ""}
    data.update(over)
    return data


def test_the_form_has_no_default_category_and_registers_an_anonymous_letter(client, clerk, december):
    client_for(client, clerk)
    html = client.get("/petitions/new/").content.decode()
    select = html[html.index('name="category"'):]
    select = select[:select.index("</select>")]
    assert select.count("<option") == 9 and 'value=""' in select and "selected" not in select
    assert "补录" in html
    r = client.post("/petitions/new/", form(category=""))
    assert r.status_code == 200 and not Petition.objects.exists()
    r = client.post("/petitions/new/", form())
    assert r.status_code == 302 and Petition.objects.get().petitioners.get().id_hash is None


def test_the_form_refuses_an_old_date_then_takes_it_as_a_late_entry(client, clerk, city_officer,
                                                                       outsider):
    client_for(client, clerk)
    r = client.post("/petitions/new/", form(received_on="2024-03-01"))
    assert r.status_code == 200 and "补录" in r.content.decode()
    r = client.post("/petitions/new/", form(received_on="2024-03-01", late_entry="on",
                                            late_entry_reason="旧档案录入"))
    p = Petition.objects.get()
    assert r.status_code == 302 and p.late_entry
    detail = client.get(f"/petitions/{p.pk}/").content.decode()
    assert 'data-testid="late-entry"' in detail and "旧档案录入" in detail
    listing = client.get("/petitions/").content.decode()
    assert 'data-testid="late-entry"' in listing
    client_for(client, city_officer)
    response = client.get("/exports/petitions.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "补录" and rows[1][-1] == "是"
    client_for(client, outsider)
    assert client.get(f"/petitions/{p.pk}/").status_code == 404
