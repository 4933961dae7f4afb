"""Mounted at /account/ inside i18n_patterns. The paths stay Italian in every language; the
English pages live under /en/account/... ."""

from django.urls import path

from wemi_community.core.ratelimits import rate_limit

from . import privacy_views, views

app_name = "accounts"

urlpatterns = [
    path("registrati/", rate_limit("signup")(views.SignupView.as_view()), name="signup"),
    path("registrati/controlla-email/", views.SignupDoneView.as_view(), name="signup_done"),
    path("conferma/<uidb64>/<token>/", views.confirm_email, name="confirm_email"),
    path(
        "conferma/nuovo-link/",
        rate_limit("confirmation_resend")(views.ConfirmationResendView.as_view()),
        name="confirmation_resend",
    ),
    path(
        "conferma/nuovo-link/inviato/",
        views.ConfirmationResendDoneView.as_view(),
        name="confirmation_resend_done",
    ),
    path("accedi/", rate_limit("login")(views.LoginView.as_view()), name="login"),
    path("esci/", views.LogoutView.as_view(), name="logout"),
    path("profilo/", views.ProfileView.as_view(), name="profile"),
    path(
        "elimina/",
        rate_limit("account_delete")(privacy_views.AccountDeleteView.as_view()),
        name="account_delete",
    ),
    path("eliminato/", privacy_views.AccountDeletedView.as_view(), name="account_deleted"),
    path("privacy/", privacy_views.PrivacyAcceptView.as_view(), name="privacy_accept"),
    path("password/cambia/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/cambia/fatto/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/recupera/",
        rate_limit("password_reset")(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password/recupera/inviata/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/nuova/<uidb64>/<token>/",
        rate_limit("password_reset")(views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "password/nuova/fatto/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
