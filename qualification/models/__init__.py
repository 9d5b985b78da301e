from qualification.models.activity import Handover, QualificationCall
from qualification.models.assessment import Answer, Assessment, Priority
from qualification.models.criteria import Criterion, CriterionOption, Settings
from qualification.models.profiles import CompanyProfile, ContactProfile

__all__ = [
    "Answer",
    "Assessment",
    "CompanyProfile",
    "ContactProfile",
    "Criterion",
    "CriterionOption",
    "Handover",
    "Priority",
    "QualificationCall",
    "Settings",
]
