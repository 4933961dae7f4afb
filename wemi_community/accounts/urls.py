"""Mounted at /account/ inside i18n_patterns. The paths stay Italian in every language; the
English pages live under /en/account/... ."""

from django.urls import path

from wemi_community.core.ratelimits import rate_limit

from . import data_views, mfa_views, oidc_views, privacy_views, views

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
    path(
        "verifica-accesso/",
        mfa_views.SecondFactorVerifyView.as_view(),
        name="second_factor_verify",
    ),
    path("esci/", views.LogoutView.as_view(), name="logout"),
    # SPID and CIE through the City's OpenID Connect gateway (404 while it is not configured).
    path(
        "spid/entra/",
        rate_limit("oidc", methods=("GET",))(oidc_views.OidcStartView.as_view(method="spid")),
        name="oidc_spid",
    ),
    path(
        "cie/entra/",
        rate_limit("oidc", methods=("GET",))(oidc_views.OidcStartView.as_view(method="cie")),
        name="oidc_cie",
    ),
    path(
        "spid/ritorno/",
        rate_limit("oidc", methods=("GET",))(oidc_views.OidcCallbackView.as_view()),
        name="oidc_callback",
    ),
    path(
        "spid/collega/",
        rate_limit("oidc")(oidc_views.OidcLinkView.as_view()),
        name="oidc_link",
    ),
    path(
        "spid/nuovo-account/",
        rate_limit("oidc")(oidc_views.OidcRegisterView.as_view()),
        name="oidc_register",
    ),
    path("sicurezza/", mfa_views.SecurityView.as_view(), name="security"),
    path(
        "sicurezza/attiva/",
        rate_limit("second_factor_setup")(mfa_views.SecondFactorEnrolView.as_view()),
        name="second_factor_enrol",
    ),
    path("sicurezza/codici/", mfa_views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path(
        "sicurezza/codici/nuovi/",
        mfa_views.RecoveryCodesRegenerateView.as_view(),
        name="recovery_codes_regenerate",
    ),
    path(
        "sicurezza/disattiva/",
        mfa_views.SecondFactorDisableView.as_view(),
        name="second_factor_disable",
    ),
    path("profilo/", views.ProfileView.as_view(), name="profile"),
    path(
        "i-miei-dati/",
        rate_limit("data_export")(data_views.data_export),
        name="data_export",
    ),
    path(
        "i-miei-dati/<id:pk>/scarica/",
        data_views.data_export_download,
        name="data_export_download",
    ),
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
