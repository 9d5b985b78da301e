from django.urls import path

from contacts import person_views, views
from contacts.consent import views as consent_views
from contacts.duplicates import views as duplicate_views

app_name = "contacts"

urlpatterns = [
    path("companies/", views.company_list, name="company-list"),
    path("companies/new/", views.company_create, name="company-create"),
    path("companies/<int:pk>/", views.company_detail, name="company-detail"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company-edit"),
    path(
        "companies/<int:pk>/history/",
        views.company_history_view,
        name="company-history",
    ),
    path(
        "companies/<int:company_pk>/addresses/new/",
        views.address_create,
        name="address-create",
    ),
    path("addresses/<int:pk>/edit/", views.address_edit, name="address-edit"),
    path("addresses/<int:pk>/move/", views.address_move, name="address-move"),
    path(
        "companies/<int:company_pk>/contacts/new/",
        views.contact_person_create,
        name="contact-person-create",
    ),
    path(
        "contacts/<int:pk>/",
        person_views.contact_person_detail,
        name="contact-person-detail",
    ),
    path(
        "contacts/<int:pk>/edit/", views.contact_person_edit, name="contact-person-edit"
    ),
    path(
        "contacts/<int:pk>/permissions/<str:channel>/",
        consent_views.permission_edit,
        name="contact-permission-edit",
    ),
    path(
        "contacts/<int:pk>/objection/",
        consent_views.person_object,
        name="contact-person-object",
    ),
    path(
        "contacts/<int:pk>/leave/",
        views.contact_person_leave,
        name="contact-person-leave",
    ),
    path("outreach/", consent_views.outreach_list, name="outreach"),
    path("outreach/export/", consent_views.outreach_export, name="outreach-export"),
    path("notices/", consent_views.notice_list, name="notice-list"),
    path("duplicates/", duplicate_views.duplicate_list, name="duplicate-list"),
    path("duplicates/scan/", duplicate_views.duplicate_scan, name="duplicate-scan"),
    path(
        "duplicates/<str:kind>/<int:pk>/dismiss/",
        duplicate_views.duplicate_dismiss,
        name="duplicate-dismiss",
    ),
    path("companies/merge/", duplicate_views.company_merge, name="company-merge"),
    path(
        "contacts/merge/",
        duplicate_views.contact_person_merge,
        name="contact-person-merge",
    ),
    path("merges/<int:pk>/undo/", duplicate_views.merge_undo, name="merge-undo"),
]
