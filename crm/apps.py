from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "Kontaktpflege"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from crm.middleware import mark_seen

        # Stamped as part of the login's own session write, so the first pages
        # after it need no second one.
        user_logged_in.connect(
            lambda request, **kwargs: request and mark_seen(request.session),
            dispatch_uid="crm-session-seen",
            weak=False,
        )
