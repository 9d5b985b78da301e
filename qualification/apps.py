from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationConfig(AppConfig):
    name = "qualification"
    verbose_name = _("Qualification")

    def ready(self):
        from contacts import reasons as contact_reasons
        from qualification import history, reasons

        # Qualification writes company rows too (verification, inbound capture);
        # the company history tab labels their reasons through this one table.
        contact_reasons.LABELS.update(reasons.LABELS)
        history.register()
