from django.urls import path

from access import views

app_name = "access"

urlpatterns = [
    path("grants/", views.grant_list, name="grant-list"),
    path(
        "companies/<int:company_pk>/grants/new/",
        views.grant_create,
        name="grant-create",
    ),
    path(
        "grants/<str:kind>/<int:pk>/revoke/",
        views.grant_revoke,
        name="grant-revoke",
    ),
]
