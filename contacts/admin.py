# TODO: replace with in-app admin pages for users, teams and grants (issue #6);
# until then superusers maintain teams and sources here.
from django.contrib import admin

from contacts.models import Source, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "postal_code_prefixes"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date"]
    list_filter = ["kind"]
