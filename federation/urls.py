from django.urls import path, register_converter

from federation import handup_views, views

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
    # --- hand up (上报): the union's own submissions, and the higher-level union's review
    path("handup/", handup_views.mine, name="handup"),
    path("handup/<fed_year:year>/<str:kind>/", handup_views.submit, name="handup-submit"),
    path("handup/<int:pk>.docx", handup_views.own_file, name="handup-file"),
    path("submissions/", handup_views.submissions, name="submissions"),
    path("submissions/deadline/", handup_views.deadline, name="submissions-deadline"),
    path("submissions/<int:pk>/", handup_views.submission, name="submission"),
    path("submissions/<int:pk>.docx", handup_views.submission_file, name="submission-file"),
    path("submissions/<fed_year:year>/<str:kind>.zip", handup_views.submissions_zip, name="submissions-zip"),
    # --- end hand up
]
