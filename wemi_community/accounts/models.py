"""People and organisations: the custom user (e-mail login), profile fields, providers."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .nicknames import unique_nickname


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        email = self.normalize_email(email).lower() if email else None
        if not fields.get("nickname"):
            fields["nickname"] = unique_nickname(fields.get("display_name") or "")
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("email_confirmed_at", timezone.now())
        if not fields["is_staff"] or not fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class NotificationPreference(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately, one e-mail per notification")
    DIGEST = "digest", _("Once a day, in a digest")
    NEVER = "never", _("Never by e-mail (only on the site)")


class User(AbstractBaseUser, PermissionsMixin):
    # Optional: a desk operator may create an account for a resident without e-mail.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("How other participants see you. It can be a first name or a nickname."),
    )
    # The @name others use to mention this person in a comment; unique, lower case.
    nickname = models.CharField(
        _("nickname"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9._-]*$",
                _("Use lower-case letters, digits, dots, dashes or underscores."),
            )
        ],
        help_text=_("Others mention you in comments with @ followed by this name."),
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    municipio = models.ForeignKey(
        "catalogue.Municipio",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Municipio"),
    )
    nil = models.ForeignKey(
        "catalogue.Nil",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood (NIL)"),
    )
    household_size = models.PositiveSmallIntegerField(
        _("people in the household"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("it", _("Italian")), ("en", _("English"))],
        default="it",
    )
    notification_preference = models.CharField(
        _("e-mail notifications"),
        max_length=12,
        choices=NotificationPreference.choices,
        default=NotificationPreference.IMMEDIATE,
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive accounts cannot sign in (e-mail not yet confirmed, or blocked)."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can sign in to the administration site."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    privacy_consent_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set by a moderator: the account cannot sign in; its content stays unless they hid it too.
    blocked_at = models.DateTimeField(_("blocked at"), null=True, blank=True)
    blocked_reason = models.CharField(_("reason for the block"), max_length=300, blank=True)
    # Set when the person (or the desk for them, or retention) deleted the account: the row
    # stays, emptied of everything personal, so contributions read "Partecipante cancellato".
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # How many inactivity warnings went out since the last sign-in (30 days, then 7 days
    # before deletion); a sign-in sets it back to 0.
    # The database's default too, so rows written by code that predates the column (older
    # migrations' states, scripts) still insert.
    inactivity_warnings_sent = models.PositiveSmallIntegerField(
        _("inactivity warnings sent"), default=0, db_default=0
    )
    # When the latest of those warnings went out: the deletion waits as long after it as the
    # last warning announced, even when the task ran late.
    inactivity_warned_at = models.DateTimeField(_("last warned at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email or f"#{self.pk}"

    def clean(self):
        super().clean()
        if self.email:
            self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Organisation(models.Model):
    """An accredited provider (cooperative, association) whose staff act on the platform."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    accredited_categories = models.ManyToManyField(
        "catalogue.ServiceCategory",
        blank=True,
        related_name="accredited_organisations",
        verbose_name=_("accredited for"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider organisation")
        verbose_name_plural = _("provider organisations")

    def __str__(self) -> str:
        return self.name


class OrganisationStaff(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        MEMBER = "member", _("Staff member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_links"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organisation_links")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="accounts_staff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class ExternalIdentity(models.Model):
    """A digital identity (SPID, CIE, eIDAS through the City's OpenID Connect gateway) linked
    to an account: the gateway's subject, and the codice fiscale it asserted, which one
    account at most may hold."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    fiscal_code = models.CharField(
        _("codice fiscale"), max_length=16, unique=True, null=True, blank=True
    )
    # What the gateway said the person used (spid, cie, eidas), when it says it.
    method = models.CharField(_("identity used"), max_length=20, blank=True)
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digital identity")
        verbose_name_plural = _("digital identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="accounts_identity_unique_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.method or self.issuer})"


class PrivacyConsent(models.Model):
    """One acceptance of one version of the privacy notice: who, which version, when, how."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        DESK = "desk", _("At the desk, on a signed form")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="privacy_consents")
    version = models.CharField(_("version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("privacy consent")
        verbose_name_plural = _("privacy consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"], name="accounts_consent_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.version}"


class DataExport(models.Model):
    """A copy of everything the platform holds about a person, built by a task as a ZIP,
    downloadable by that person only, until it expires."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="data-exports/", blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("data download")
        verbose_name_plural = _("data downloads")
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.requested_at:%Y-%m-%d}"


class AccountDeletion(models.Model):
    """The record of an account's deletion, kept for accountability: who asked (the person,
    the desk on a signed form, or retention), when, and what was deleted and what was kept."""

    class Channel(models.TextChoices):
        SELF = "self", _("By the person, online")
        DESK = "desk", _("By the desk, on a signed form")
        RETENTION = "retention", _("After a long inactivity")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="deletion")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # The number or reference of the signed form, when the desk filed the request.
    signed_form_reference = models.CharField(_("signed form"), max_length=100, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # What each part of the platform deleted, released and kept: [{"app", "deleted",
    # "released", "kept"}], in the person's words.
    summary = models.JSONField(_("summary"), default=list, blank=True)
    # Claimed before the final e-mail goes out, so a retried task sends no second one.
    final_email_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")

    def __str__(self) -> str:
        return f"#{self.user_id} – {self.requested_at:%Y-%m-%d}"


class AccountEmail(models.Model):
    """One request for an account e-mail (a confirmation link, a password-reset link), made
    by the service in the transaction that asks for it. The task takes its pk and claims it
    before sending, so a retried or duplicated task mails nothing twice."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation of the address")
        PASSWORD_RESET = "password_reset", _("Password reset")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_emails")
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the run that sends it (the claim); a claim older than the task timeout whose
    # e-mail has no ``sent_at`` belongs to a worker that died, and may be claimed again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"
