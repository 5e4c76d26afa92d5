from django.urls import path

from funds import views

app_name = "funds"

urlpatterns = [
    path("<int:year>/", views.year, name="year"),
]
