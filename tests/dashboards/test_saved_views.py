"""Saved views (issue 19, item 4): the city and the supervisors name a filter set,
find it on their dashboard, and delete their own; nobody else sees it."""

from dashboards.models import SavedView
from tests.builders import client_for, register


def _save(client, name, list_name, query):
    return client.post("/saved-views/", {"name": name, "list_name": list_name, "query": query})


def test_the_city_officer_saves_the_lists_filters_and_finds_them_on_the_dashboard(
        client, city_officer, clerk, t01):
    p = register(clerk, t01)
    client_for(client, city_officer)
    html = client.get("/petitions/?overdue=true&sort=-due").content.decode()
    assert 'data-testid="save-view"' in html
    assert 'name="query" value="overdue=true&amp;sort=-due"' in html
    r = _save(client, "本月超期交办件", "petitions", "overdue=true&sort=-due&page=3")
    assert r.status_code == 302 and r["Location"] == "/petitions/?overdue=true&sort=-due"
    html = client.get("/").content.decode()
    assert 'data-testid="saved-views"' in html
    assert '<a href="/petitions/?overdue=true&amp;sort=-due" data-testid="saved-view">本月超期交办件</a>' in html
    assert "信访事项" in html  # the list it opens, in words
    # Opening it opens the list filtered: the overdue petition is there.
    assert p.number in client.get("/petitions/?overdue=true&sort=-due").content.decode()
    # The same name again replaces it (one view per name).
    _save(client, "本月超期交办件", "petitions", "overdue=true")
    assert list(SavedView.objects.values_list("name", "query")) == [("本月超期交办件", "overdue=true")]


def test_a_supervisor_saves_an_orders_view_and_deletes_it(client, supervisor):
    client_for(client, supervisor)
    assert 'data-testid="save-view"' in client.get("/supervision/?status=open").content.decode()
    _save(client, "未反馈督办单", "orders", "status=open")
    view = SavedView.objects.get(user=supervisor)
    assert 'href="/supervision/?status=open" data-testid="saved-view">未反馈督办单<' in \
        client.get("/").content.decode()
    r = client.post(f"/saved-views/{view.pk}/delete/")
    assert r.status_code == 302
    assert not SavedView.objects.exists()
    assert "未反馈督办单" not in client.get("/").content.decode()


def test_a_saved_view_is_its_owners_alone(client, city_officer, supervisor):
    client_for(client, city_officer)
    _save(client, "我的视图", "backlog", "status=assigned")
    view = SavedView.objects.get()
    client_for(client, supervisor)
    assert 'data-testid="saved-view"' not in client.get("/").content.decode()
    assert client.post(f"/saved-views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_other_roles_have_no_saved_views(client, clerk, leader):
    for user in (clerk, leader):
        client_for(client, user)
        assert 'data-testid="save-view"' not in client.get("/petitions/").content.decode()
        assert 'data-testid="saved-views"' not in client.get("/").content.decode()
        assert _save(client, "我的视图", "petitions", "").status_code == 403
    assert not SavedView.objects.exists()


def test_a_view_without_a_name_or_of_an_unknown_list_is_refused(client, city_officer):
    client_for(client, city_officer)
    r = _save(client, "  ", "petitions", "status=assigned")
    assert r.status_code == 302 and r["Location"] == "/petitions/?status=assigned"
    assert _save(client, "x", "users", "").status_code == 302
    assert not SavedView.objects.exists()
