from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from members import account_views, join_views
from members import admin as members_admin
from unionplan import home_screen, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    # On the phone's home screen (unionplan/home_screen.py): the manifest and the service worker at the root.
    path("manifest.webmanifest", home_screen.manifest, name="manifest"),
    path("sw.js", home_screen.service_worker, name="service-worker"),
    path("accounts/login/", account_views.Login.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", account_views.PasswordChange.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Password reset by email: 404 unless EMAIL_URL is configured (members/account_views.py).
    path("accounts/password_reset/", account_views.PasswordReset.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", account_views.PasswordResetDone.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/", account_views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", account_views.PasswordResetComplete.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin's "view on site" shortcut, answering only for rows the staff user may open there.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(members_admin.view_on_site),
        name="admin-view-on-site",
    ),
    path("admin/", admin.site.urls),
    path("plans/", include("plans.urls")),
    path("activities/", include("activities.urls")),
    path("members/", include("members.urls")),
    path("funds/", include("funds.urls")),
    path("summary/", include("unionplan.summary_urls")),
    path("congress/", include("congress.urls")),
    path("notifications/", include("notify.urls")),
    path("federation/", include("federation.urls")),
    # Joining online (入会申请): a union's public join page, opened from its poster's QR code; no login.
    path("join/<str:token>/", join_views.apply, name="join"),
    path("join/<str:token>/status/", join_views.status, name="join-status"),
]
