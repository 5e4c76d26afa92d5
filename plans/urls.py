from django.urls import path

from plans import downloads, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="index"),
    path("new/", views.plan_new, name="new"),
    path("paste/", views.plan_paste, name="paste"),
    path("<int:year>/", views.plan_detail, name="detail"),
    path("<int:year>.docx", downloads.plan_file, {"fmt": "docx"}, name="docx"),
    path("<int:year>.pdf", downloads.plan_file, {"fmt": "pdf"}, name="pdf"),
    path("<int:year>/print/", views.plan_print, name="print"),
    path("<int:year>/edit/", views.plan_edit, name="edit"),
    path("<int:year>/items/<int:pk>/progress/", views.item_progress, name="item-progress"),
    path("<int:year>/submit/", views.plan_submit, name="submit"),
    path("<int:year>/approve/", views.plan_approve, name="approve"),
    path("<int:year>/return/", views.plan_return, name="return"),
    path("<int:year>/revise/", views.plan_revise, name="revise"),
    path("<int:year>/close/", views.plan_close, name="close"),
    path("<int:year>/reopen/", views.plan_reopen, name="reopen"),
    path("<int:year>/rollover/", views.plan_rollover, name="rollover"),
    path("<int:year>/history/", views.plan_history, name="history"),
    path("<int:year>/versions/<int:number>/", views.plan_version, name="version"),
    path("<int:year>/versions/<int:number>.docx", downloads.version_file, {"fmt": "docx"}, name="version-docx"),
    path("<int:year>/versions/<int:number>.pdf", downloads.version_file, {"fmt": "pdf"}, name="version-pdf"),
]
