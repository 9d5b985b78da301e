"""The product's URLs plus a trivial view: the floor for request overhead."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from crm.urls import urlpatterns as product_urlpatterns

PING_URL = "/bench/ping/"


@login_required
def ping(request):
    """Everything a page costs before its own work: the whole middleware
    stack, the session and the logged-in user."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(PING_URL.strip("/") + "/", ping), *product_urlpatterns]
