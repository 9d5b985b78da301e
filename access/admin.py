# Accounts are deactivated, never deleted: a deleted user would blank the
# author of every history row and access-log entry they left (GDPR Art. 5(2)
# asks us to show who did what). Admins deactivate on the access pages.
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin


class UserWithoutDeleteAdmin(UserAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserWithoutDeleteAdmin)
