from django import forms
from django.utils.translation import gettext_lazy as _

from contacts import normalize
from contacts.duplicates.merge import default_choices
from contacts.history import value_label


def _label(model, name, record, field) -> str:
    value = getattr(record, field.attname)
    if name in ("phone", "mobile") and value:
        return normalize.phone_display(value)
    return value_label(model, name, value)


class MergeForm(forms.Form):
    """Which record survives, and for each field whose values differ, whose
    value it keeps."""

    survivor = forms.TypedChoiceField(label=_("Record that stays"), coerce=int)
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("Optional, shown in the history, e.g. “same firm, moved 2025”."),
    )

    def __init__(self, *args, records, fields, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        model = type(records[0])
        self.fields["survivor"].choices = [(r.pk, f"#{r.pk}") for r in records]
        self.initial.setdefault("survivor", min(r.pk for r in records))
        self.defaults = defaults = default_choices(records, fields)
        self.rows = []
        for name in fields:
            field = model._meta.get_field(name)
            values = [(r.pk, _label(model, name, r, field)) for r in records]
            if len({label for _pk, label in values}) == 1:
                continue
            key = f"value_{name}"
            self.fields[key] = forms.TypedChoiceField(
                label=field.verbose_name,
                choices=[(pk, label or "—") for pk, label in values],
                coerce=int,
                widget=forms.RadioSelect,
                # Not posted: the default below, which the page pre-selects.
                required=False,
                empty_value=None,
            )
            self.initial.setdefault(key, defaults[name])
            self.rows.append((name, field.verbose_name, self[key]))

    def choices(self) -> dict[str, int]:
        """Field name → id of the record whose value is kept."""
        return {
            name: self.cleaned_data.get(f"value_{name}") or self.defaults[name]
            for name, _label, _bound in self.rows
        }
