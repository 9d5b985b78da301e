from django.urls import path

from qualification.views import activity, assessment, criteria, handover

app_name = "qualification"

urlpatterns = [
    path("criteria/", criteria.criterion_list, name="criterion-list"),
    path("criteria/new/", criteria.criterion_create, name="criterion-create"),
    path("criteria/<int:pk>/edit/", criteria.criterion_edit, name="criterion-edit"),
    path("settings/", criteria.settings_edit, name="settings-edit"),
    path("queue/", activity.work_queue, name="work-queue"),
    path("capture/", activity.inbound_capture, name="inbound-capture"),
    path("leads/", handover.lead_list, name="lead-list"),
    path("handovers/<int:pk>/", handover.handover_detail, name="handover-detail"),
    path(
        "handovers/<int:pk>/respond/",
        handover.handover_respond,
        name="handover-respond",
    ),
    path(
        "handovers/<int:pk>/outcome/",
        handover.handover_outcome,
        name="handover-outcome",
    ),
    path(
        "companies/<int:pk>/handover/",
        handover.handover_create,
        name="handover-create",
    ),
    path("companies/<int:pk>/", assessment.assessment_detail, name="assessment"),
    path(
        "companies/<int:pk>/priority/",
        assessment.priority_override,
        name="priority-override",
    ),
    path(
        "companies/<int:pk>/profile/",
        assessment.company_profile_edit,
        name="company-profile-edit",
    ),
    path("companies/<int:pk>/calls/new/", activity.call_create, name="call-create"),
    path(
        "contacts/<int:pk>/profile/",
        assessment.contact_profile_edit,
        name="contact-profile-edit",
    ),
]
