from django.urls import path

from qualification import views

app_name = "qualification"

urlpatterns = [
    path("criteria/", views.criterion_list, name="criterion-list"),
    path("criteria/new/", views.criterion_create, name="criterion-create"),
    path("criteria/<int:pk>/edit/", views.criterion_edit, name="criterion-edit"),
    path("settings/", views.settings_edit, name="settings-edit"),
]
