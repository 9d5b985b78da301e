# Teams, users and grants are managed on the app's own access pages (access/),
# which move companies with a territory and record why; sources stay here.
# TODO: an in-app page for sources once the data-protection work of #6 needs one.
from django.contrib import admin

from contacts.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date", "licence_reference", "licence_expires_on"]
    list_filter = ["kind"]
