from django.urls import path

from privacy.views import erasure, overview, restriction, retention, stubs

app_name = "privacy"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path(
        "persons/<int:pk>/restriction/",
        restriction.person_restrict,
        name="person-restrict",
    ),
    path("persons/<int:pk>/access/", stubs.not_yet, name="access-export"),
    path("persons/<int:pk>/erase/", erasure.person_erase, name="person-erase"),
    path("log/", stubs.not_yet, name="access-log"),
    path("retention/", retention.retention_report, name="retention"),
]
