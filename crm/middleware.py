import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChosenLanguageMiddleware(LocaleMiddleware):
    """German unless the user picked another language in the app.

    Django's own middleware follows the browser's Accept-Language, which would
    show English to a German office whose machines happen to be set up in
    English; the choice is the user's, made with the language switch.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForSignedInMiddleware:
    """Every page a signed-in user gets may show personal data: no browser or
    proxy cache may keep it, so the back button after logout shows nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


SEEN_KEY = "_seen_at"


def refresh_interval() -> int:
    """How stale the stored expiry may get: a tenth of the timeout, at most a
    minute, so the session still ends within the timeout and a busy user's
    clicks do not each write the session row."""
    return min(60, settings.SESSION_COOKIE_AGE // 10)


def mark_seen(session) -> None:
    # Changing the session makes SessionMiddleware save it with a fresh expiry.
    session[SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Pushes a signed-in session's expiry on as the user works, so it ends
    after SESSION_COOKIE_AGE seconds without a request (the idle timeout)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            seen = request.session.get(SEEN_KEY, 0)
            if time.time() - seen >= refresh_interval():
                mark_seen(request.session)
        return response
