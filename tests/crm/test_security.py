import datetime
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from crm.middleware import SEEN_KEY, refresh_interval
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/login/"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


class TestBruteForce:
    def test_after_five_wrong_passwords_even_the_right_one_is_refused(
        self, client, inside_sales, settings
    ):
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            assert log_in(client, inside_sales.username, "falsch").status_code == 200
        assert log_in(client, inside_sales.username, "falsch").status_code == 429

        response = log_in(client, inside_sales.username, factories.PASSWORD)

        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        page = response.content.decode()
        assert "Anmeldung vorerst gesperrt" in page
        assert "15 Minuten" in page

    def test_another_user_name_from_the_same_address_still_logs_in(
        self, client, inside_sales, field_rep, settings
    ):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, inside_sales.username, "falsch")

        response = log_in(client, field_rep.username, factories.PASSWORD)

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(field_rep.pk)

    def test_a_success_before_the_limit_starts_the_count_again(
        self, client, inside_sales, settings
    ):
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            log_in(client, inside_sales.username, "falsch")
        assert (
            log_in(client, inside_sales.username, factories.PASSWORD).status_code == 302
        )
        client.logout()
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            log_in(client, inside_sales.username, "falsch")

        assert (
            log_in(client, inside_sales.username, factories.PASSWORD).status_code == 302
        )


class TestIdleSession:
    def test_a_request_pushes_the_expiry_on(self, client, inside_sales, settings):
        client.force_login(inside_sales)
        session = client.session
        session[SEEN_KEY] = int(time.time()) - refresh_interval()
        session.save()
        Session.objects.update(
            expire_date=timezone.now() + datetime.timedelta(minutes=1)
        )

        client.get("/contacts/companies/")

        expires = Session.objects.get().expire_date
        expected = timezone.now() + datetime.timedelta(
            seconds=settings.SESSION_COOKIE_AGE
        )
        assert abs((expires - expected).total_seconds()) < 60

    def test_clicks_right_after_login_do_not_write_the_session(
        self, client, inside_sales
    ):
        client.force_login(inside_sales)
        before = Session.objects.get().expire_date

        client.get("/contacts/companies/")

        assert Session.objects.get().expire_date == before

    def test_an_idle_session_has_ended(self, client, inside_sales):
        client.force_login(inside_sales)
        Session.objects.update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )

        response = client.get("/contacts/companies/")

        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    def test_the_cookie_ends_with_the_browser(self, client, inside_sales):
        response = log_in(client, inside_sales.username, factories.PASSWORD)

        assert response.cookies["sessionid"]["expires"] == ""


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


class TestContentSecurityPolicy:
    def test_scripts_only_from_our_own_files(self, client, inside_sales):
        client.force_login(inside_sales)

        policy = client.get("/contacts/companies/")["Content-Security-Policy"]

        directives = dict(
            part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
        )
        assert directives["script-src"] == "'self'"
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert directives["frame-ancestors"] == "'none'"

    def test_pages_carry_no_inline_script_or_style(self, client, inside_sales, company):
        client.force_login(inside_sales)
        pages = [
            "/contacts/companies/",
            f"/contacts/companies/{company.pk}/",
            f"/contacts/companies/{company.pk}/edit/",
            f"/contacts/companies/{company.pk}/history/",
        ]
        client.logout()
        pages_anonymous = [client.get(LOGIN).content.decode()]
        client.force_login(inside_sales)

        for html in [
            client.get(url).content.decode() for url in pages
        ] + pages_anonymous:
            assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html)
            assert not EVENT_ATTRIBUTE.search(html), EVENT_ATTRIBUTE.search(html)
            assert not STYLE_ATTRIBUTE.search(html), STYLE_ATTRIBUTE.search(html)

    def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(self, client):
        html = client.get(LOGIN).content.decode()

        assert '"includeIndicatorStyles": false' in html
        assert '"allowEval": false' in html


class TestNoStore:
    def test_pages_for_signed_in_users_are_never_cached(
        self, client, inside_sales, company
    ):
        client.force_login(inside_sales)

        for url in ["/contacts/companies/", f"/contacts/companies/{company.pk}/"]:
            cache_control = client.get(url)["Cache-Control"]
            assert "no-store" in cache_control, url
            assert "private" in cache_control, url


def test_no_template_carries_inline_handlers_or_styles():
    """The policy blocks them in the browser; pages a test does not open must
    not carry them either (a blocked onchange once left a filter dead)."""
    from pathlib import Path

    from django.conf import settings

    found = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (EVENT_ATTRIBUTE, STYLE_ATTRIBUTE):
            if match := pattern.search(text):
                found.append(f"{template.name}: {match.group(0)}")

    assert not found, found
