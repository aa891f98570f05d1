"""The backlog list sorts by its columns (issue 19, item 3)."""

from tests.builders import client_for, make_case


def _order(html: str, texts: list[str]) -> list[str]:
    """The given texts in the order the page shows them."""
    return sorted(texts, key=html.index)


def test_the_backlog_list_sorts_by_deadline_and_remembers_it(client, city_officer, clerk,
                                                           campaign, t01, leader):
    late = make_case(city_officer, campaign, t01, leader, title="晚到期积案", due_in=90)
    make_case(city_officer, campaign, t01, leader, title="早到期积案", due_in=10)
    for user in (city_officer, clerk):
        client_for(client, user)
        html = client.get("/backlog/?sort=-due").content.decode()
        assert _order(html, ["晚到期积案", "早到期积案"]) == ["晚到期积案", "早到期积案"]
        html = client.get("/backlog/?sort=due").content.decode()
        assert _order(html, ["晚到期积案", "早到期积案"]) == ["早到期积案", "晚到期积案"]
        detail = client.get(f"/backlog/{late.pk}/").content.decode()
        assert '"/backlog/?sort=due" data-testid="back-to-list"' in detail
