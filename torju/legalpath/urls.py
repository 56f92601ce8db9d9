"""The legal path's pages: the forms of a case, the work list of permits ending, the register of disclosures."""

from django.urls import path

from torju.legalpath import views

app_name = "legalpath"
urlpatterns = [
    path("permits-ending/", views.permits_ending, name="permits_ending"),
    path("disclosures/", views.disclosure_register, name="disclosure_register"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/merge/", views.merge, name="merge"),
    path("duplicates/merges/<int:merge_pk>/undo/", views.merge_undo, name="merge_undo"),
    path("cases/<int:pk>/category/", views.category_edit, name="category"),
    path("cases/<int:pk>/consents/new/", views.consent_new, name="consent_new"),
    path("cases/<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("cases/<int:pk>/grounds/", views.grounds_edit, name="grounds"),
    path("cases/<int:pk>/permits/new/", views.permit_new, name="permit_new"),
    path("cases/<int:pk>/permits/<int:permit_pk>/", views.permit_edit, name="permit_edit"),
    path("cases/<int:pk>/criminal-process/new/", views.matter_new, name="matter_new"),
    path("cases/<int:pk>/criminal-process/<int:matter_pk>/", views.matter_edit, name="matter_edit"),
    path("cases/<int:pk>/child-services/new/", views.child_service_new, name="child_service_new"),
    path("cases/<int:pk>/safeguards/", views.safeguards_edit, name="safeguards"),
    path("cases/<int:pk>/disclosures/new/", views.disclosure_new, name="disclosure_new"),
    path("cases/<int:pk>/requests/new/", views.request_new, name="request_new"),
    path("cases/<int:pk>/requests/<int:request_pk>/answer/", views.request_respond, name="request_respond"),
    path("cases/<int:pk>/access-copy/", views.access_copy_page, name="access_copy"),
]
