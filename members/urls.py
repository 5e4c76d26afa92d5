from django.urls import path

from members import account_views, care_views, picker_views, views, workforce_views

app_name = "members"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("group/", views.my_group, name="my-group"),
    path("pick/", picker_views.pick, name="pick"),
    path("import/", views.import_roster, name="import"),
    path("import/confirm/", views.confirm_import, name="import-confirm"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("birthdays/", views.birthdays, name="birthdays"),
    path("birthdays/<int:pk>/greet/", views.greet, name="greet"),
    path("care/", care_views.index, name="care"),
    path("care/seasonal/", care_views.seasonal, name="seasonal"),
    path("care/settings/", care_views.care_settings, name="care-settings"),
    path("care/hardship/new/", care_views.hardship_form, name="hardship-create"),
    path("care/hardship/<int:pk>/edit/", care_views.hardship_form, name="hardship-edit"),
    path("care/hardship/<int:pk>/delete/", care_views.hardship_delete, name="hardship-delete"),
    path("care/occasions/new/", care_views.event_form, name="event-create"),
    path("care/visits/", care_views.visits, name="visits"),
    path("care/visits/new/", care_views.visit_form, name="visit-create"),
    path("care/visits/<int:pk>/", care_views.visit, name="visit"),
    path("care/visits/<int:pk>/edit/", care_views.visit_form, name="visit-edit"),
    path("care/visits/<int:pk>/delete/", care_views.visit_delete, name="visit-delete"),
    path("workforce/", workforce_views.workforce, name="workforce"),
    path("choose-union/", views.choose_union, name="choose-union"),
    path("accounts/", account_views.overview, name="accounts"),
    path("accounts/new/", account_views.create, name="accounts-create"),
    path("accounts/login-help/", account_views.login_help, name="accounts-login-help"),
    path("accounts/sheet/", account_views.sheet, name="accounts-sheet"),
    path("accounts/sheet.xlsx", account_views.sheet_xlsx, name="accounts-sheet-xlsx"),
    path("accounts/sheet/done/", account_views.sheet_done, name="accounts-sheet-done"),
    path("<int:pk>/account/reset/", account_views.reset, name="account-reset"),
    path("<int:pk>/account/disable/", account_views.disable, name="account-disable"),
    path("<int:pk>/account/enable/", account_views.enable, name="account-enable"),
]
