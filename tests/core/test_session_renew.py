"""The "继续工作" button's endpoint and what the page tells the script (issue 17)."""

import re
import time

from django.urls import reverse

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_continue_working_renews_the_idle_expiry(client, clerk, settings):
    client.force_login(clerk)
    session = client.session
    session["seen_at"] = time.time() - 25 * 60  # 25 idle minutes
    session.save()
    response = client.post(reverse("session_renew"), **ZH)
    assert response.status_code == 200
    assert response.json() == {"seconds_left": settings.SESSION_COOKIE_AGE}
    assert time.time() - client.session["seen_at"] < 5


def test_renewing_needs_a_session(client):
    response = client.post(reverse("session_renew"))
    assert response.status_code == 302


def test_pages_tell_the_script_when_the_session_ends_and_the_words_to_show(client, clerk):
    client.force_login(clerk)
    html = client.get(reverse("petitions:new"), **ZH).content.decode()
    left = int(re.search(r'data-session-left="(\d+)"', html).group(1))
    assert 29 * 60 <= left <= 30 * 60
    assert 'data-session-continue="继续工作"' in html
    assert 'data-draft="petition"' in html
