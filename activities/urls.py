from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("<int:year>/<int:month>/", views.month, name="month"),
]
