from django.urls import path

from privacy.views import (
    access_export,
    access_log,
    erasure,
    overview,
    restriction,
    retention,
)

app_name = "privacy"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path(
        "persons/<int:pk>/restriction/",
        restriction.person_restrict,
        name="person-restrict",
    ),
    path(
        "persons/<int:pk>/access/",
        access_export.access_export,
        name="access-export",
    ),
    path("persons/<int:pk>/erase/", erasure.person_erase, name="person-erase"),
    path("log/", access_log.access_log, name="access-log"),
    path("retention/", retention.retention_report, name="retention"),
]
