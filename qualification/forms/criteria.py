from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.forms import CrispyMixin, _row
from qualification.models import (
    Criterion,
    CriterionOption,
    Settings,
)


class SettingsForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Settings
        fields = [
            "threshold_a",
            "threshold_b",
            "requalify_after_months",
            "stale_deduction",
            "min_outcomes",
        ]


def _show_translation(field, stored: str) -> None:
    """Default texts are stored in English and shown translated; say so where
    the stored text is not what users see."""
    shown = gettext(stored) if stored else ""
    if shown != stored:
        field.help_text = _("Shown as “%(text)s”.") % {"text": shown}


class CriterionForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "key",
            "label",
            "question",
            "answer_type",
            "unit",
            "required_for_handover",
            "active",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Answers and templates refer to the key; it stays as created.
            self.fields["key"].disabled = True
        for name in ("label", "question"):
            _show_translation(self.fields[name], getattr(self.instance, name))

    def get_layout(self):
        return [
            _row(("label", 8), ("key", 4)),
            "question",
            _row(("answer_type", 4), ("unit", 4), ("position", 4)),
            _row(("required_for_handover", 6), ("active", 6)),
        ]


class OptionForm(forms.ModelForm):
    class Meta:
        model = CriterionOption
        fields = ["label", "points", "min_value", "position"]
        localized_fields = ["min_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            checkbox = getattr(field.widget, "input_type", "") == "checkbox"
            css = "form-check-input" if checkbox else ""
            field.widget.attrs["class"] = css or "form-control form-control-sm"
            field.widget.attrs["aria-label"] = field.label
        self.fields["label"].widget.attrs["style"] = "min-width: 12rem"
        stored = self.instance.label
        self.shown = gettext(stored) if stored and gettext(stored) != stored else ""


OptionFormSet = forms.inlineformset_factory(
    Criterion,
    CriterionOption,
    form=OptionForm,
    extra=2,
    can_delete=True,
)


def option_rows(formset) -> list[dict]:
    """What the service needs from the option rows: filled rows only."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not data.get("label") and not form.instance.pk):
            continue
        rows.append(
            {
                "id": form.instance.pk,
                "label": data.get("label", ""),
                "points": data.get("points"),
                "min_value": data.get("min_value"),
                "position": data.get("position") or 0,
                "delete": data.get("DELETE", False),
            }
        )
    return rows


OPTION_HELP = _(
    "Yes/no and choice criteria: one row per answer. Number ranges: each row "
    "applies from its value upwards, up to the next row's value."
)
