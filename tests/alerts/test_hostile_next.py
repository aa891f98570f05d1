"""POST /supervision/notifications/read/ never redirects off the site (issue 16, item 11)."""

import pytest

from tests.builders import client_for


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "javascript:alert(1)", "https:\\\\evil.example"])
def test_marking_notifications_read_never_redirects_to_another_site(client, clerk, target):
    response = client_for(client, clerk).post("/supervision/notifications/read/",
                                              {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/supervision/"


def test_a_local_next_is_followed(client, clerk):
    response = client_for(client, clerk).post("/supervision/notifications/read/",
                                              {"next": "/petitions/?status=registered"})
    assert response["Location"] == "/petitions/?status=registered"
