from django.urls import path

from qualification import views

app_name = "qualification"

urlpatterns = [
    path("criteria/", views.criterion_list, name="criterion-list"),
    path("criteria/new/", views.criterion_create, name="criterion-create"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion-edit"),
    path("settings/", views.settings_edit, name="settings-edit"),
    path("companies/<int:pk>/", views.assessment, name="assessment"),
    path(
        "companies/<int:pk>/priority/",
        views.priority_override,
        name="priority-override",
    ),
    path(
        "companies/<int:pk>/profile/",
        views.company_profile_edit,
        name="company-profile-edit",
    ),
    path(
        "contacts/<int:pk>/profile/",
        views.contact_profile_edit,
        name="contact-profile-edit",
    ),
]
