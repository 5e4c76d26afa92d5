from django.urls import path

from notify import views

app_name = "notify"

urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.robot_form, name="add"),
    path("<int:pk>/", views.robot, name="robot"),
    path("<int:pk>/edit/", views.robot_form, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/test/", views.send_test, name="test"),
]
