from qualification.forms.activity import CallForm, InboundCaptureForm
from qualification.forms.assessment import (
    AssessmentForm,
    CompanyQualificationForm,
    ContactQualificationForm,
    OverrideForm,
)
from qualification.forms.criteria import (
    OPTION_HELP,
    CriterionForm,
    OptionFormSet,
    SettingsForm,
    option_rows,
)
from qualification.forms.handover import (
    HandoverForm,
    LeadFilterForm,
    OutcomeForm,
    RespondForm,
)

__all__ = [
    "OPTION_HELP",
    "AssessmentForm",
    "CallForm",
    "CompanyQualificationForm",
    "ContactQualificationForm",
    "CriterionForm",
    "HandoverForm",
    "InboundCaptureForm",
    "LeadFilterForm",
    "OutcomeForm",
    "RespondForm",
    "OptionFormSet",
    "OverrideForm",
    "SettingsForm",
    "option_rows",
]
