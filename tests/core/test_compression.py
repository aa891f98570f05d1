"""Pages are sent compressed to browsers that accept it (issue 19, item 9)."""

import gzip

import pytest

from tests.builders import client_for

pytestmark = pytest.mark.django_db


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client, clerk):
    client_for(client, clerk)
    plain = client.get("/petitions/")
    packed = client.get("/petitions/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "</html>" in html and len(packed.content) < len(plain.content) / 2
