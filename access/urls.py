from django.urls import path

from access.views import accounts, grants, teams

app_name = "access"

urlpatterns = [
    path("grants/", grants.grant_list, name="grant-list"),
    path(
        "companies/<int:company_pk>/grants/new/",
        grants.grant_create,
        name="grant-create",
    ),
    path(
        "grants/<str:kind>/<int:pk>/revoke/",
        grants.grant_revoke,
        name="grant-revoke",
    ),
    path("users/", accounts.user_list, name="user-list"),
    path("users/new/", accounts.user_create, name="user-create"),
    path("users/<int:pk>/", accounts.user_edit, name="user-edit"),
    path("users/<int:pk>/active/", accounts.user_set_active, name="user-set-active"),
    path("teams/", teams.team_list, name="team-list"),
    path("teams/new/", teams.team_edit, name="team-create"),
    path("teams/<int:pk>/", teams.team_edit, name="team-edit"),
]
