from contacts.roles import is_admin, may_edit_addresses


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"may_edit": False, "is_admin": False}
    return {"may_edit": may_edit_addresses(user), "is_admin": is_admin(user)}
