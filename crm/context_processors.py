from contacts.roles import is_admin, is_data_protection_officer, may_edit_addresses


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"may_edit": False, "is_admin": False, "is_dpo": False}
    return {
        "may_edit": may_edit_addresses(user),
        "is_admin": is_admin(user),
        "is_dpo": is_data_protection_officer(user),
    }
