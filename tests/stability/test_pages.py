import pytest

from stability.models import RiskMatter
from tests.builders import client_for, days_ago, make_matter

pytestmark = pytest.mark.django_db


def test_the_register_lists_the_units_matters_with_risk_colours(client, matter, clerk):
    response = client_for(client, clerk).get("/stability/")
    html = response.content.decode()
    assert response.status_code == 200
    assert matter.title in html
    assert "text-bg-danger" in html  # high risk shows red


def test_the_register_hides_other_units_matters(client, matter, outsider):
    response = client_for(client, outsider).get("/stability/")
    assert matter.title not in response.content.decode()
    assert client.get(f"/stability/{matter.pk}/").status_code == 404
    assert client.post(f"/stability/{matter.pk}/resolve/",
                       {"on": days_ago(0), "outcome": "x"}).status_code == 404
    matter.refresh_from_db()
    assert matter.status == "open"


def test_the_register_filters_by_risk(client, clerk, leader, t01, city_officer):
    make_matter(actor=clerk, unit=t01, leader=leader, title="高风险事项", risk_level="high")
    make_matter(actor=clerk, unit=t01, leader=leader, title="低风险事项", risk_level="low")
    html = client_for(client, city_officer).get("/stability/?risk_level=low").content.decode()
    assert "低风险事项" in html
    assert "高风险事项" not in html


def test_the_register_filters_open_and_closed_matters(client, clerk, leader, t01, city_officer):
    from stability import services
    make_matter(actor=clerk, unit=t01, leader=leader, title="在办事项")
    done = make_matter(actor=clerk, unit=t01, leader=leader, title="已化解事项")
    services.matter_resolve(matter_id=done.pk, actor=leader, on=days_ago(0), outcome="已化解")
    client_for(client, city_officer)
    html = client.get("/stability/?open=true").content.decode()
    assert "在办事项" in html
    assert "已化解事项" not in html
    html = client.get("/stability/?open=false").content.decode()
    assert "已化解事项" in html
    assert "在办事项" not in html


def test_the_register_costs_the_same_queries_for_more_matters(
        client, clerk, leader, t01, django_assert_max_num_queries):
    client_for(client, clerk)
    for n in range(12):
        matter = make_matter(actor=clerk, unit=t01, leader=leader, title=f"事项{n}")
        from stability import services
        services.matter_log_contact(matter_id=matter.pk, actor=leader, on=days_ago(1),
                                    summary="座谈", outcome="协商")
    with django_assert_max_num_queries(12):
        assert client.get("/stability/").status_code == 200


def test_a_clerk_registers_a_matter_through_the_form(client, clerk, leader, t01):
    response = client_for(client, clerk).post("/stability/new/", {
        "title": "敬老院护理员劳动合同纠纷", "category": "labor_social_security",
        "org_unit": t01.pk, "risk_level": "medium", "people_involved": "护理员约8人",
        "leader": leader.pk, "plan": "协商签订劳动合同"})
    matter = RiskMatter.objects.get()
    assert response.status_code == 302
    assert response.url == f"/stability/{matter.pk}/"


def test_the_matter_page_shows_the_three_phases_and_the_timeline(client, matter, leader):
    client_for(client, leader)
    response = client.post(f"/stability/{matter.pk}/log_contact/", {
        "on": days_ago(1).isoformat(), "summary": "村民代表座谈", "outcome": "同意重新公示方案",
        "next_step": "一周后回访"})
    assert response.status_code == 302
    html = client.get(f"/stability/{matter.pk}/").content.decode()
    for testid in ("phase-before", "phase-during", "phase-after", "timeline", "contacts"):
        assert f'data-testid="{testid}"' in html
    assert "同意重新公示方案" in html
    assert "包案领导牵头" in html


def test_a_contact_in_the_future_is_a_form_error(client, matter, clerk):
    response = client_for(client, clerk).post(f"/stability/{matter.pk}/log_contact/", {
        "on": days_ago(-3).isoformat(), "summary": "x", "outcome": "y"})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    assert matter.contacts.count() == 0


def test_resolving_twice_shows_a_message_not_an_error(client, matter, leader):
    client_for(client, leader)
    data = {"on": days_ago(0).isoformat(), "outcome": "息诉罢访"}
    client.post(f"/stability/{matter.pk}/resolve/", data)
    response = client.post(f"/stability/{matter.pk}/resolve/", data, follow=True)
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert matter.events.filter(action="resolve").count() == 1


def test_a_resolved_matter_page_offers_no_actions(client, matter, leader):
    from stability import services
    services.matter_resolve(matter_id=matter.pk, actor=leader, on=days_ago(0), outcome="已化解")
    html = client_for(client, leader).get(f"/stability/{matter.pk}/").content.decode()
    assert 'data-testid="contact-form"' not in html


@pytest.mark.parametrize("persona", ["clerk", "leader", "city_officer", "supervisor",
                                     "admin_user"])
def test_every_role_reads_the_register_grid_and_matter(client, matter, persona, request):
    client_for(client, request.getfixturevalue(persona))
    register = client.get("/stability/").content.decode()
    assert f'href="/stability/{matter.pk}/"' in register
    grid = client.get("/stability/city/").content.decode()
    assert 'data-testid="grid"' in grid
    assert "城关镇" in grid
    detail = client.get(f"/stability/{matter.pk}/").content.decode()
    assert matter.title in detail
    assert 'data-testid="phases"' in detail
    form = client.get("/stability/new/").content.decode()
    assert 'name="title"' in form


def test_the_city_view_counts_open_matters_by_unit_and_risk(
        client, clerk, leader, outsider, t01, t02, city_officer, django_assert_num_queries):
    from accounts import roles
    from stability import services
    from tests.builders import make_user
    leader_t02 = make_user("leader_T02", t02, roles.LEADER)
    for risk in ("high", "high", "medium"):
        make_matter(actor=clerk, unit=t01, leader=leader, risk_level=risk, title=risk)
    make_matter(actor=outsider, unit=t02, leader=leader_t02, risk_level="low", title="t02")
    done = make_matter(actor=clerk, unit=t01, leader=leader, risk_level="high", title="done")
    services.matter_resolve(matter_id=done.pk, actor=leader, on=days_ago(0), outcome="已化解")
    client_for(client, city_officer)
    from accounts.roles import is_city_role
    from stability.selectors import matter_risk_grid_for
    is_city_role(city_officer)  # the role is read once per request; the grid is one query
    with django_assert_num_queries(1):
        grid = matter_risk_grid_for(user=city_officer)
    assert [(r["org_unit__code"], r["high"], r["medium"], r["low"]) for r in grid["rows"]] == [
        ("T01", 2, 1, 0), ("T02", 0, 0, 1)]
    html = client.get("/stability/city/").content.decode()
    assert 'data-unit="T01"' in html
    assert 'data-unit="T02"' in html
    # A township clerk sees only its own row.
    html = client_for(client, outsider).get("/stability/city/").content.decode()
    assert 'data-unit="T01"' not in html


def test_raising_from_an_unknown_source_is_a_404(client, clerk):
    client_for(client, clerk)
    assert client.post("/stability/raise/bogus/1/").status_code == 404
    assert client.post("/stability/raise/petition/999999/").status_code == 404


def test_a_collective_petitions_page_raises_it_in_one_click(client, clerk, leader, t01,
                                                            outsider):
    from tests.builders import register
    petition = register(clerk, t01, ids=range(1, 7), title="村民集体反映补偿款")
    html = client_for(client, clerk).get(f"/petitions/{petition.pk}/").content.decode()
    assert f"/stability/raise/petition/{petition.pk}/" in html
    assert client_for(client, outsider).post(
        f"/stability/raise/petition/{petition.pk}/").status_code == 404
    response = client_for(client, clerk).post(f"/stability/raise/petition/{petition.pk}/",
                                              {"next": "https://evil.example/"})
    matter = RiskMatter.objects.get()
    assert response.url == f"/stability/{matter.pk}/"
    html = client.get(response.url).content.decode()
    assert petition.number in html  # the "during" phase lists it with its headcount
    assert 'data-testid="stability-matter"' in client.get(
        f"/petitions/{petition.pk}/").content.decode()
    # A second click says so and goes back, never to another site.
    response = client.post(f"/stability/raise/petition/{petition.pk}/",
                           {"next": "https://evil.example/"})
    assert response.url == "/stability/"
    assert RiskMatter.objects.count() == 1


def test_the_screening_reports_link_opens_a_prefilled_form(client, clerk, leader, high_item):
    from django.urls import reverse
    url = f"{reverse('stability:matter_create')}?screening_item={high_item.pk}"
    html = client_for(client, clerk).get(url).content.decode()
    assert 'data-testid="raise-from-item"' in html
    assert "工业园企业夜间异味扰民" in html
    assert "周边两个小区居民" in html
    response = client.post(url, {
        "title": "工业园企业夜间异味扰民", "category": "environment",
        "org_unit": high_item.report.org_unit_id, "risk_level": "high",
        "people_involved": "周边两个小区居民", "people_count": 80, "leader": leader.pk,
        "plan": "督促企业整改", "screening_item": high_item.pk})
    matter = RiskMatter.objects.get()
    assert response.url == f"/stability/{matter.pk}/"
    assert matter.screening_item == high_item
    html = client.get(response.url).content.decode()
    assert 'data-testid="screening-item"' in html
    # A second click on the report's link leads to the matter, not a duplicate.
    assert client.get(url).url == f"/stability/{matter.pk}/"


def test_one_click_raise_from_a_screening_item(client, clerk, leader, high_item, outsider):
    assert client_for(client, outsider).post(
        f"/stability/raise/screening-item/{high_item.pk}/").status_code == 404
    response = client_for(client, clerk).post(f"/stability/raise/screening-item/{high_item.pk}/")
    matter = RiskMatter.objects.get()
    assert response.url == f"/stability/{matter.pk}/"
    assert matter.leader == leader


def test_the_register_exports_to_excel_with_its_filters(client, api, clerk, leader, t01,
                                                        outsider):
    from io import BytesIO

    from openpyxl import load_workbook
    from rest_framework.authtoken.models import Token

    make_matter(actor=clerk, unit=t01, leader=leader, title="=HYPERLINK(1)", risk_level="high")
    make_matter(actor=clerk, unit=t01, leader=leader, title="低风险事项", risk_level="low")
    html = client_for(client, clerk).get("/stability/?risk_level=high").content.decode()
    assert "/exports/stability.xlsx?risk_level=high" in html
    response = client.get("/exports/stability.xlsx?risk_level=high")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "=HYPERLINK(1)"
    assert rows[1][4] == "高"
    assert sheet.cell(2, 2).data_type == "s"
    # Token auth works, and an outsider's export is empty.
    token = Token.objects.create(user=outsider)
    response = api.get("/exports/stability.xlsx", HTTP_AUTHORIZATION=f"Token {token.key}")
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book.worksheets[0].max_row == 1
    assert api.get("/exports/stability.xlsx", HTTP_AUTHORIZATION="").status_code == 401


def test_the_admin_shows_matters_read_only(client, matter, admin_user):
    client_for(client, admin_user)
    assert client.get("/admin/stability/riskmatter/").status_code == 200
    assert client.get(f"/admin/stability/riskmatter/{matter.pk}/change/").status_code == 200
    assert client.get("/admin/stability/riskmatter/add/").status_code == 403


def test_the_report_page_says_an_item_was_raised_instead_of_offering_it_again(
        client, clerk, leader, high_item, api):
    from django.utils import translation
    with translation.override("zh-hans"):
        raised = translation.gettext("Raised to a stability matter")
    report_url = f"/screening/reports/{high_item.report_id}/"
    html = client_for(client, clerk).get(report_url).content.decode()
    assert f"?screening_item={high_item.pk}" in html and raised not in html
    client.post(f"/stability/raise/screening-item/{high_item.pk}/")
    matter = RiskMatter.objects.get()
    html = client.get(report_url).content.decode()
    assert raised in html and f"?screening_item={high_item.pk}" not in html
    api.force_authenticate(clerk)
    items = api.get(f"/api/v1/screening/reports/{high_item.report_id}/").json()["items"]
    assert [i["stability_matter_id"] for i in items] == [matter.pk]
