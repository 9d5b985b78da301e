from axes.backends import AxesStandaloneBackend


class LoginAttemptBackend(AxesStandaloneBackend):
    """Refuses logins of a user name that is locked out after too many failures.

    Every login form of the app (ours and the Django admin's) passes the request,
    which is what a lockout is counted against. A call without one (the test
    client's login(), a shell) has no client to count; it goes on to the
    password check instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
