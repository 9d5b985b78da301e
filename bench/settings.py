"""The product's settings as production runs them, for the benchmark: DEBUG off
(no query log), no HTTPS redirect on the loopback, plus the floor view."""

import os
import secrets

# Set before the product settings read them; DEBUG on would keep every query.
os.environ["DEBUG"] = "false"
# Shared with the gunicorn workers, which inherit the environment.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("SUPPRESSION_SALT", secrets.token_urlsafe(50))
for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ[name] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")

from crm.settings import *  # noqa: E402, F403

# Django's test client calls itself "testserver".
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
# The harness says what it is doing; the product stays at LOG_LEVEL.
BENCH_LOGGER = {"handlers": ["console"], "level": "INFO", "propagate": False}
LOGGING["loggers"]["bench"] = BENCH_LOGGER  # noqa: F405
