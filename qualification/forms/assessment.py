from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.forms import CrispyMixin, VersionedForm, _date_input, _row
from contacts.models import Company, ContactPerson
from qualification.models import (
    CompanyProfile,
    ContactProfile,
    Criterion,
    Priority,
)


def _plain(number):
    """80000.00 shows as 80.000, not 80.000,00."""
    return number.to_integral() if number == number.to_integral() else number


class AssessmentForm(forms.Form):
    """One field per active criterion; number criteria start from the figure
    already on record (employees, purchasing volume) when not yet answered."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    PREFILL = {"company_size": "employees", "purchase_volume": "purchase_volume"}

    def __init__(self, *args, criteria, assessment, figures: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [c for c in criteria if c.active]
        answers = {}
        if assessment.pk:
            answers = {a.criterion_id: a for a in assessment.answers.all()}
            self.initial.setdefault("version", assessment.version)
        self.prefilled = set()
        for criterion in self.criteria:
            answer = answers.get(criterion.pk)
            self.fields[criterion.key] = self._field(criterion)
            if answer is not None:
                self.initial.setdefault(
                    criterion.key,
                    _plain(answer.number)
                    if answer.number is not None
                    else answer.option_id,
                )
            elif figures.get(self.PREFILL.get(criterion.key)) is not None:
                self.initial.setdefault(
                    criterion.key, figures[self.PREFILL[criterion.key]]
                )
                self.prefilled.add(criterion.key)

    @staticmethod
    def _field(criterion):
        label = criterion.question_display
        if criterion.answer_type == Criterion.AnswerType.NUMBER:
            unit = gettext(criterion.unit) if criterion.unit else ""
            return forms.DecimalField(
                label=f"{label} ({unit})" if unit else label,
                required=False,
                localize=True,
                max_digits=15,
                decimal_places=2,
                widget=forms.TextInput(
                    attrs={"class": "form-control", "inputmode": "decimal"}
                ),
            )
        choices = [("", _("not answered"))] + [
            (str(o.pk), f"{o.label_display} ({o.points:+d})")
            for o in criterion.options.all()
        ]
        return forms.TypedChoiceField(
            label=label,
            choices=choices,
            required=False,
            coerce=int,
            empty_value=None,
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def values(self) -> dict:
        result = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(criterion.key)
            if isinstance(value, int) and not isinstance(value, bool):
                value = next(
                    (o for o in criterion.options.all() if o.pk == value), None
                )
            result[criterion] = value
        return result

    def rows(self):
        """Fields with their criterion, for a template that marks required ones."""
        return [(c, self[c.key], c.key in self.prefilled) for c in self.criteria]


class OverrideForm(CrispyMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    priority_override = forms.ChoiceField(
        label=_("Priority"),
        choices=[("", _("as the score gives it")), *Priority.choices],
        required=False,
    )
    override_reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required when the priority differs from the score."),
    )


class CompanyQualificationForm(VersionedForm):
    """The profile, with the company's own figures (employees, revenue, last
    order) next to their as-of date and source."""

    employees = forms.IntegerField(
        label=_("Employees"), required=False, min_value=0, localize=True
    )
    revenue = forms.DecimalField(
        label=_("Revenue (EUR)"),
        required=False,
        min_value=0,
        max_digits=15,
        decimal_places=2,
        localize=True,
    )
    last_order_date = forms.DateField(
        label=_("Last order"), required=False, widget=_date_input()
    )
    company_version = forms.IntegerField(widget=forms.HiddenInput)

    COMPANY_FIELDS = ("employees", "revenue", "last_order_date")

    class Meta:
        model = CompanyProfile
        fields = [
            "revenue_as_of",
            "revenue_source",
            "employees_as_of",
            "employees_source",
            "company_value",
            "company_value_as_of",
            "company_value_source",
            "purchase_volume",
            "order_cycle",
            "order_cycle_days",
            "current_need",
            "need_description",
            "act_by",
            "recommendation",
        ]
        widgets = {
            "revenue_as_of": _date_input(),
            "employees_as_of": _date_input(),
            "company_value_as_of": _date_input(),
            "act_by": _date_input(),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields = ["company_value", "purchase_volume"]

    def __init__(self, *args, company, **kwargs):
        self.company = company
        super().__init__(*args, **kwargs)
        for name in self.COMPANY_FIELDS:
            self.initial.setdefault(name, getattr(company, name))
        self.initial.setdefault("company_version", company.version)

    def form_kwargs(self) -> dict:
        return {"company": self.company}

    def after_conflict(self, error):
        """The conflict may be on the company's figures or on the profile;
        either way the new form starts from both as saved now."""
        company = Company.objects.get(pk=self.company.pk)
        profile = CompanyProfile.objects.filter(company=company).first()
        initial = {**self.cleaned_data, "company_version": company.version}
        if profile is not None:
            initial["version"] = profile.version
        profile = profile or CompanyProfile(company=company)
        return type(self)(instance=profile, initial=initial, company=company)

    def company_changes(self) -> dict:
        """Only the figures this user changed: the company's version is checked
        only then, so an unrelated edit of the company refuses nothing here."""
        return {
            name: self.cleaned_data[name]
            for name in self.COMPANY_FIELDS
            if self.cleaned_data[name] != getattr(self.company, name)
        }

    def get_layout(self):
        return [
            Fieldset(
                _("Size"),
                _row(("revenue", 4), ("revenue_as_of", 3), ("revenue_source", 5)),
                _row(("employees", 4), ("employees_as_of", 3), ("employees_source", 5)),
                _row(
                    ("company_value", 4),
                    ("company_value_as_of", 3),
                    ("company_value_source", 5),
                ),
            ),
            Fieldset(
                _("Purchasing"),
                _row(
                    ("purchase_volume", 4), ("order_cycle", 4), ("order_cycle_days", 4)
                ),
                _row(("last_order_date", 4)),
            ),
            Fieldset(
                _("Current need"),
                _row(("current_need", 4), ("need_description", 5), ("act_by", 3)),
            ),
            "recommendation",
        ]


class ContactQualificationForm(VersionedForm):
    job_title = forms.CharField(
        label=_("Function"),
        required=False,
        max_length=ContactPerson._meta.get_field("job_title").max_length,
    )
    authority = forms.ChoiceField(
        label=_("Authority"),
        required=False,
        choices=[("", "---------"), *ContactPerson.Authority.choices],
    )
    days = forms.MultipleChoiceField(
        label=_("Best days"),
        required=False,
        choices=ContactProfile.Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    person_version = forms.IntegerField(widget=forms.HiddenInput)

    PERSON_FIELDS = ("job_title", "authority")

    class Meta:
        model = ContactProfile
        fields = [
            "budget_authority",
            "signing_limit",
            "preferences",
            "best_from",
            "best_until",
            "preferred_channel",
            "language",
        ]
        widgets = {
            "best_from": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "best_until": forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
            "preferences": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields = ["signing_limit"]

    def __init__(self, *args, person, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)
        for name in self.PERSON_FIELDS:
            self.initial.setdefault(name, getattr(person, name))
        self.initial.setdefault("person_version", person.version)
        self.initial.setdefault("days", self.instance.day_list)

    def form_kwargs(self) -> dict:
        return {"person": self.person}

    def after_conflict(self, error):
        person = ContactPerson.objects.get(pk=self.person.pk)
        profile = ContactProfile.objects.filter(person=person).first()
        initial = {**self.cleaned_data, "person_version": person.version}
        if profile is not None:
            initial["version"] = profile.version
        profile = profile or ContactProfile(person=person)
        return type(self)(instance=profile, initial=initial, person=person)

    def changes(self) -> dict:
        data = super().changes()
        data["best_days"] = ",".join(sorted(self.cleaned_data["days"]))
        return data

    def person_changes(self) -> dict:
        """Only what this user changed (see CompanyQualificationForm)."""
        return {
            name: self.cleaned_data[name]
            for name in self.PERSON_FIELDS
            if self.cleaned_data[name] != getattr(self.person, name)
        }

    def get_layout(self):
        return [
            _row(("job_title", 6), ("authority", 6)),
            _row(("budget_authority", 6), ("signing_limit", 6)),
            "preferences",
            Fieldset(
                _("Best time to reach"),
                InlineCheckboxes("days"),
                _row(("best_from", 6), ("best_until", 6)),
            ),
            _row(("preferred_channel", 6), ("language", 6)),
        ]
