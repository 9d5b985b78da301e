from django.contrib import admin

from qualification.models import Handover


@admin.register(Handover)
class HandoverAdmin(admin.ModelAdmin):
    """Read-only: who was given access to which company by a handover. Every
    change goes through the handover pages and services."""

    list_display = ["company", "rep", "status", "outcome", "handed_over_at"]
    list_filter = ["status", "outcome", "priority"]
    search_fields = ["company__name", "rep__username", "rep__last_name"]
    list_select_related = ["company", "rep"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
