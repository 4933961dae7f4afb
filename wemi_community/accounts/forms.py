"""Forms of the account pages. They validate; the services in ``services.py`` write."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from wemi_community.catalogue.forms import MunicipioChoiceField, MunicipioNilMixin, NilChoiceField
from wemi_community.core.forms import WholeNumberField

from . import mfa, services
from .models import NotificationPreference, User

# Each language in its own name, so people find theirs whatever language the page is in.
LANGUAGE_CHOICES = [
    (code, capfirst(get_language_info(code)["name_local"]))
    for code, _name in User._meta.get_field("preferred_language").choices
]

# Plain text, not Django's <ul>: the help text sits in a <small>, which may not hold a list.
# Lazy, so it is written in the language of each request.
password_help_text = lazy(
    lambda: " ".join(password_validation.password_validators_help_texts()), str
)


def _email_input(**attrs) -> forms.EmailInput:
    return forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", **attrs})


def privacy_consent_label(privacy_url: str):
    """The consent checkbox's label, linking the privacy notice. The notice opens in a new
    tab, so what was typed in the form stays."""
    link = format_html(
        '<a href="{}" target="_blank" rel="noopener">{}'
        '<span class="visually-hidden"> {}</span></a>',
        privacy_url,
        _("privacy notice"),
        _("(opens in a new tab)"),
    )
    return format_html(
        _(
            "I have read the {link} and I agree that my data are processed so that "
            "I can take part in the platform."
        ),
        link=link,
    )


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=_email_input(),
        help_text=_("We will send you a link to confirm it."),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        help_text=_("How other participants see you. It can be a first name or a nickname."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_help_text(),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language of the site and of our e-mails once you sign in."),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and I agree that my data are processed "
            "so that I can take part in the platform."
        ),
        error_messages={"required": _("To create an account, please accept the privacy notice.")},
    )

    # The service speaks of "password"; on this form the person typed it in "password1".
    service_field_names = {"password": "password1"}

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            self.fields["privacy_consent"].label = privacy_consent_label(privacy_url)

    def clean_email(self) -> str:
        email = services.normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _(
                    "An account with this e-mail address already exists. Sign in, or ask for "
                    "a new password or a new confirmation link."
                ),
                code="duplicate_email",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                ValidationError(_("The two passwords are not the same."), code="password_mismatch"),
            )
        elif password1:
            candidate = User(
                email=cleaned.get("email"), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "password": data["password1"],
            "display_name": data["display_name"],
            "preferred_language": data["preferred_language"],
            "privacy_consent": data["privacy_consent"],
        }


class LoginForm(AuthenticationForm):
    """Django's login form (so django-axes sees every attempt) with e-mail wording. The field
    keeps the name "username" because AXES_USERNAME_FORM_FIELD reads it."""

    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=_email_input(autofocus=True),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not correct. Check both and try again."
        ),
        "inactive": _("This account is not active. Contact a WeMi space for help."),
        "blocked": _(
            "This account has been blocked by the moderators. Contact a WeMi space for help."
        ),
        "unconfirmed": _(
            "You have not confirmed your e-mail address yet. Open the link we sent you, "
            "or ask for a new one."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.unconfirmed_email: str | None = None
        # AuthenticationForm sets its own label from the model field; ours is simpler.
        self.fields["username"].label = _("E-mail")

    def clean_username(self) -> str:
        # Lower case here, so django-axes counts "Anna@x" and "anna@x" as the same account.
        return services.normalise_email(self.cleaned_data["username"])

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and self._is_blocked():
                raise ValidationError(self.error_messages["blocked"], code="blocked") from error
            if error.code == "invalid_login" and self._awaits_confirmation():
                self.unconfirmed_email = self.cleaned_data["username"]
                raise ValidationError(
                    self.error_messages["unconfirmed"], code="unconfirmed"
                ) from error
            raise

    def _owner_typed_password(self, **filters) -> bool:
        """True if the account matching ``filters`` exists and the right password was given.
        The backend refuses inactive accounts without saying why; we say why only to the
        owner."""
        if getattr(self.request, "axes_locked_out", False):
            return False
        user = User.objects.filter(
            email__iexact=self.cleaned_data.get("username", ""), is_active=False, **filters
        ).first()
        return user is not None and user.check_password(self.cleaned_data.get("password", ""))

    def _is_blocked(self) -> bool:
        """A moderator blocked the account (``participation.moderation.user_block``)."""
        return self._owner_typed_password(blocked_at__isnull=False)

    def _awaits_confirmation(self) -> bool:
        """The right password for an account whose e-mail is not confirmed yet."""
        return self._owner_typed_password(email_confirmed_at__isnull=True)


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254, widget=_email_input(autofocus=True))


class ProfileForm(MunicipioNilMixin, forms.Form):
    """A plain form, not a ModelForm: an invalid submission must not alter request.user, which
    the page header is still going to show."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        help_text=_("How other participants see you. It can be a first name or a nickname."),
    )
    nickname = forms.CharField(
        label=_("Nickname for mentions"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Others mention you in comments by writing @ and this name. Lower-case letters, "
            "digits, dots, dashes and underscores."
        ),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    municipio = MunicipioChoiceField(required=False)
    nil = NilChoiceField(
        required=False,
        help_text=_("Optional. It helps your WeMi space know which needs come from where."),
    )
    household_size = WholeNumberField(
        label=_("People in the household"),
        min_value=1,
        max_value=20,
        help_text=_("Counting yourself. Used to work out shared costs when you join a service."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    notification_preference = forms.ChoiceField(
        label=_("E-mail notifications"),
        choices=NotificationPreference.choices,
    )

    @staticmethod
    def initial_for(user: User) -> dict:
        return {
            "display_name": user.display_name,
            "nickname": user.nickname,
            "first_name": user.first_name,
            "last_name": user.last_name,
            # Primary keys, not objects: rendering the form must not load the relations.
            "municipio": user.municipio_id,
            "nil": user.nil_id,
            "household_size": user.household_size,
            "preferred_language": user.preferred_language,
            "notification_preference": user.notification_preference,
        }


class QueuedPasswordResetForm(PasswordResetForm):
    """The e-mail is queued by a service instead of sent during the request: the page answers
    alike whether or not the address has an account, and a slow mail server does not hold
    the page."""

    email = forms.EmailField(label=_("E-mail"), max_length=254, widget=_email_input(autofocus=True))

    def save(self, **kwargs) -> None:
        services.password_reset_request(
            email=self.cleaned_data["email"], language=translation.get_language()
        )


class _ServicePasswordMixin:
    via = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help_text()

    def save(self, commit=True):
        return services.password_set(
            user=self.user, password=self.cleaned_data["new_password1"], via=self.via
        )


class ResetSetPasswordForm(_ServicePasswordMixin, SetPasswordForm):
    via = "reset"


class ChangePasswordForm(_ServicePasswordMixin, PasswordChangeForm):
    via = "change"


class OidcRegisterForm(forms.Form):
    """A new account from a digital identity: the names and the e-mail come from SPID or CIE;
    the person chooses how others see them and accepts the privacy notice."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        help_text=_("How other participants see you. It can be a first name or a nickname."),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and I agree that my data are processed "
            "so that I can take part in the platform."
        ),
        error_messages={"required": _("To create an account, please accept the privacy notice.")},
    )

    def __init__(self, *args, privacy_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if privacy_url:
            self.fields["privacy_consent"].label = privacy_consent_label(privacy_url)


class SecondFactorCodeForm(forms.Form):
    """A code of the authenticator app (6 digits) or a recovery code (8 letters and digits).
    Anything else is refused here, next to the field, before any device is asked."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Type the code."),
            "max_length": _("A code is 6 digits, or 8 letters and digits for a recovery code."),
        },
    )

    def __init__(self, *args, recovery_allowed: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        if not recovery_allowed:
            self.fields["code"].help_text = _("The 6 digits your app shows now.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self) -> str:
        code = mfa.normalise_code(self.cleaned_data["code"])
        if mfa.TOTP_CODE.match(code):
            return code
        if self.recovery_allowed and mfa.RECOVERY_CODE.match(code):
            return code
        if self.recovery_allowed:
            message = _("A code is 6 digits, or 8 letters and digits for a recovery code.")
        else:
            message = _("The code is 6 digits.")
        raise ValidationError(message, code="malformed")
