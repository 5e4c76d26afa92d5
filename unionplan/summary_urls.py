from django.urls import path

from unionplan import summary_views

app_name = "summary"

# Included under "summary/": the exports are /summary/<year>.docx etc. (the URL contract).
urlpatterns = [
    path("<int:year>/", summary_views.page, name="page"),
    path("<int:year>/history/", summary_views.text_history, name="history"),
    path("<int:year>.docx", summary_views.export, {"kind": "docx"}, name="docx"),
    path("<int:year>.xlsx", summary_views.export, {"kind": "xlsx"}, name="xlsx"),
    path("<int:year>.pdf", summary_views.export, {"kind": "pdf"}, name="pdf"),
]
