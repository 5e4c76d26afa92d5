from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from unionplan import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("plans/", include("plans.urls")),
    path("activities/", include("activities.urls")),
    path("members/", include("members.urls")),
    path("funds/", include("funds.urls")),
    path("summary/", include("unionplan.summary_urls")),
]
