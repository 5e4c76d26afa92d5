from django.urls import path, register_converter

from activities import checkin_views, public, views

app_name = "activities"


class YearConverter:
    """Four digits. Activity ids start at 10000 (migration 0002), so /activities/<year>/ and
    /activities/<id>/ — both in the URL contract — can never mean the same thing."""

    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


register_converter(YearConverter, "year")

urlpatterns = [
    path("", views.index, name="index"),
    path("<year:year>/<int:month>/", views.month, name="month"),
    path("<year:year>/", views.year, name="year"),
    path("<year:year>/schedule.xlsx", views.year_xlsx, name="year-xlsx"),
    path("<year:year>/festivals/", views.festivals, name="festivals"),
    path("<year:year>/from-plan/", views.from_plan, name="from-plan"),
    path("add/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/signup/", views.signup, name="signup"),
    path("<int:pk>/cancel-signup/", views.cancel_signup_view, name="cancel-signup"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/signin-sheet.xlsx", views.signin_sheet, name="signin-sheet"),
    # QR-code check-in (activities/checkin_views.py); the code's own URL last, it takes any one segment.
    path("<int:pk>/checkin/", checkin_views.screen, name="checkin"),
    path("<int:pk>/checkin/code/", checkin_views.code, name="checkin-code"),
    path("<int:pk>/checkin/present/", checkin_views.present_list, name="checkin-present"),
    path("<int:pk>/checkin/add/", checkin_views.add_by_hand, name="checkin-add"),
    path("<int:pk>/checkin/remove/<int:signup_pk>/", checkin_views.remove_by_hand, name="checkin-remove"),
    path("<int:pk>/checkin/sheet/", checkin_views.sheet, name="checkin-sheet"),
    path("<int:pk>/checkin/<str:token>/", checkin_views.scan, name="checkin-scan"),
    path("series/", views.series_list, name="series"),
    path("series/add/", views.series_add, name="series-add"),
    path("series/<int:pk>/", views.series_edit, name="series-edit"),
    path("series/<int:pk>/delete/", views.series_delete, name="series-delete"),
    path("categories/", views.categories, name="categories"),
    path("categories/<int:pk>/", views.category_edit, name="category-edit"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/reset/", views.reset_feed, name="reset-feed"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    # The union's public calendar (activities/public.py): no login, the token is the key.
    path("share/", public.share, name="share"),
    path("public/<str:token>/", public.month, name="public"),
    path("public/<str:token>/<year:year>/<int:month>/", public.month, name="public-month"),
    path("public/<str:token>.ics", public.feed, name="public-feed"),
]
