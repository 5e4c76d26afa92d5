from django.urls import path, register_converter

from federation import views

app_name = "federation"


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(YearConverter, "fed_year")

urlpatterns = [
    path("", views.rollup, name="rollup"),
    path("unions/<int:union_id>/", views.union_figures, name="union"),
    path("<fed_year:year>/statistics.xlsx", views.statistics_xlsx, name="statistics"),
]
