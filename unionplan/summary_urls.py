from django.urls import path

from unionplan import summary_views

app_name = "summary"

urlpatterns = [
    path("<int:year>/", summary_views.page, name="page"),
]
