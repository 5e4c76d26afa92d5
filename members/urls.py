from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("choose-union/", views.choose_union, name="choose-union"),
]
