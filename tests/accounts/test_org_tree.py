import pytest
from django.http import Http404

from accounts.models import OrgUnit
from accounts.scoping import get_scoped_or_404, scoped, units_for


def test_each_unit_keeps_the_path_of_its_ancestors(t01_village):
    assert t01_village.path == "C00/T01/T01V01/"


def test_moving_a_unit_moves_its_whole_subtree(t01, t02, t01_village):
    t01.parent = t02  # unusual, but the admin may restructure the tree
    t01.save()
    t01_village.refresh_from_db()
    assert t01_village.path == "C00/T02/T01/T01V01/"


def test_renaming_a_code_rewrites_the_descendants_paths(t01, t01_village):
    t01.code = "T11"
    t01.save()
    t01_village.refresh_from_db()
    assert t01_village.path == "C00/T11/T01V01/"


def test_a_subtree_is_one_query(t01, t01_village, t02, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = [u.code for u in t01.descendants()]
    assert codes == ["T01", "T01V01"]


def test_a_clerk_sees_own_unit_and_its_villages_only(clerk, t01_village, t02, d01):
    assert [u.code for u in units_for(clerk)] == ["T01", "T01V01"]


def test_city_roles_see_every_unit(city_officer, supervisor, admin_user, t01_village, t02, d01):
    for user in (city_officer, supervisor, admin_user):
        assert set(units_for(user).values_list("code", flat=True)) == {
            "C00", "T01", "T01V01", "T02", "D01"}


def test_a_leader_has_the_scope_of_the_unit(leader, t01_village, t02):
    assert set(units_for(leader).values_list("code", flat=True)) == {"T01", "T01V01"}


def test_a_record_outside_scope_is_a_404_for_the_clerk(clerk, outsider, t01_village, t02):
    # Users are records with an org unit too: scope them like any other.
    from accounts.models import User
    with pytest.raises(Http404):
        get_scoped_or_404(User.objects.all(), clerk, pk=outsider.pk)
    assert get_scoped_or_404(User.objects.all(), clerk, pk=clerk.pk) == clerk


def test_a_garbage_key_is_a_404_not_an_error(clerk):
    from accounts.models import User
    with pytest.raises(Http404):
        get_scoped_or_404(User.objects.all(), clerk, pk="abc")


def test_a_user_without_unit_sees_nothing(db, t01):
    from tests.builders import make_user
    drifter = make_user("drifter", None, "clerk")
    assert not scoped(OrgUnit.objects.all(), drifter, unit_field="").exists()


def test_a_township_cannot_sit_under_a_village(t01_village):
    from accounts.forms import OrgUnitAdminForm
    form = OrgUnitAdminForm(data={"code": "T09", "name": "x", "kind": "township",
                                  "parent": t01_village.pk, "is_active": True})
    assert not form.is_valid()
    assert "parent" in form.errors
