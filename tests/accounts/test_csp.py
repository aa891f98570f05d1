"""The Content Security Policy: scripts from our own files or with the nonce."""

import re

import pytest
from django.urls import reverse


def _policy(response):
    return response["Content-Security-Policy"]


def test_pages_forbid_foreign_and_inline_scripts(client, clerk):
    client.force_login(clerk)
    response = client.get(reverse("home"))
    policy = _policy(response)
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    # The nonce is added only on pages that use it (django-csp renders it lazily).
    assert script_src.startswith("'self'")
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


@pytest.mark.parametrize("url", ["/", "/petitions/", "/petitions/new/", "/screening/",
                                 "/backlog/", "/supervision/", "/stability/"])
def test_no_page_carries_an_inline_event_handler(client, city_officer, url):
    client.force_login(city_officer)
    body = client.get(url).content.decode()
    assert not re.search(r"\son(click|change|submit|load)=", body)


def test_inline_script_blocks_carry_the_request_nonce(client, clerk):
    client.force_login(clerk)
    response = client.get("/petitions/new/")
    nonce = re.search(r"'nonce-([^']+)'", _policy(response)).group(1)
    body = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", body)
    assert inline, "the registration page has its inline script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)


def test_the_api_docs_work_under_the_policy(client, clerk):
    client.force_login(clerk)
    body = client.get("/api/docs/").content.decode()
    assert "<script>" not in body  # the split view loads its initialiser from a URL
