"""The account area under /accounts/. Django's auth URLs are mounted at the same prefix; the two
views here that replace Django's (login with the throttle, and the password-reset link that
lifts it) must therefore come first: config/urls.py includes this module before Django's."""

from django.urls import path

from accounts.views import account

app_name = "account"
urlpatterns = [
    # Same paths as django.contrib.auth.urls, so {% url 'login' %} and the reset e-mail's link
    # (both un-namespaced, Django's names) land here.
    path("login/", account.LoginView.as_view(), name="login"),
    path(
        "reset/<uidb64>/<token>/", account.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("signup/", account.signup, name="signup"),
    path("confirm-email/<str:token>/", account.confirm_email, name="confirm_email"),
    path("profile/", account.profile, name="profile"),
    path("profile/resend-confirmation/", account.confirm_email_resend, name="confirm_email_resend"),
    path("export/", account.export, name="export"),
    path("delete/", account.delete, name="delete"),
    path("goodbye/", account.goodbye, name="goodbye"),
]
