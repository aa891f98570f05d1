"""The register sorts by its columns (issue 19, item 3)."""

from tests.builders import client_for, make_matter


def _order(html: str, texts: list[str]) -> list[str]:
    """The given texts in the order the page shows them."""
    return sorted(texts, key=html.index)


def test_the_stability_register_sorts_by_risk(client, clerk, city_officer, t01, leader):
    make_matter(actor=clerk, unit=t01, leader=leader, risk_level="low", title="低风险事项")
    make_matter(actor=clerk, unit=t01, leader=leader, risk_level="high", title="高风险事项")
    for user in (clerk, city_officer):
        client_for(client, user)
        html = client.get("/stability/?sort=-risk").content.decode()
        assert _order(html, ["低风险事项", "高风险事项"]) == ["高风险事项", "低风险事项"]
        html = client.get("/stability/?sort=risk&open=true").content.decode()
        assert _order(html, ["低风险事项", "高风险事项"]) == ["低风险事项", "高风险事项"]
