"""Issue 17: the administrator reads the audit log and the admin index in words, not
codes (the rows keep their codes: the hash chain covers them)."""

import pytest

from audit.services import audit
from tests.builders import client_for

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.mark.django_db
def test_the_audit_log_names_actions_and_records_in_words(client, admin_user):
    entry = audit(action="reveal_id", user=admin_user, obj_type="petitioner", obj_id=1,
                  data={"petition": "XF-2026-000001"})
    client_for(client, admin_user)
    listing = client.get("/admin/audit/auditentry/", **ZH).content.decode()
    assert "查看完整身份证号" in listing and "信访人" in listing
    detail = client.get(f"/admin/audit/auditentry/{entry.pk}/change/", **ZH).content.decode()
    assert "信访事项：XF-2026-000001" in detail
    for html in (listing, detail):
        assert "reveal_id" not in html.replace('value="reveal_id"', "").replace(
            "?action=reveal_id", "")
    entry.refresh_from_db()
    assert entry.action == "reveal_id"  # the row itself is unchanged


@pytest.mark.django_db
def test_the_admin_index_names_third_party_models_in_chinese(client, admin_user):
    html = client_for(client, admin_user).get("/admin/", **ZH).content.decode()
    for english in ("Access attempts", "Access logs", "TOTP devices", "Matter events",
                    "Model name", "Add link"):
        assert english not in html
    assert "登录日志" in html and "身份验证器设备" in html
