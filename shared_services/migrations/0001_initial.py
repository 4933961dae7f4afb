# The offers and the shared services moved here from the proposals. Their tables stay where
# they are, with the names they had: this migration only tells Django's state that the models
# now live in this app (the proposals' 0005 removes them from there and moves their content
# types), so existing databases keep their rows.

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0005_nickname_and_block"),
        ("catalogue", "0005_service_category_keywords"),
        # The tables are created by the proposals' migrations (0001).
        ("proposals", "0004_proposal_lab"),
        ("spaces_pages", "0008_translations_with_wagtail_localize"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Offer",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "min_households",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MinValueValidator(1)],
                                verbose_name="minimum households",
                            ),
                        ),
                        (
                            "max_households",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MaxValueValidator(200)],
                                verbose_name="maximum households",
                            ),
                        ),
                        ("schedule", models.CharField(max_length=200, verbose_name="schedule")),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="what the offer includes"),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("submitted", "Submitted"),
                                    ("chosen", "Chosen"),
                                    ("not_chosen", "Not chosen"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                default="submitted",
                                max_length=12,
                                verbose_name="state",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="offers",
                                to="accounts.organisation",
                                verbose_name="provider",
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="offers",
                                to="proposals.proposal",
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "offer",
                        "verbose_name_plural": "offers",
                        "db_table": "proposals_offer",
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="PriceBand",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "min_households",
                            models.PositiveSmallIntegerField(verbose_name="from households"),
                        ),
                        (
                            "max_households",
                            models.PositiveSmallIntegerField(verbose_name="to households"),
                        ),
                        (
                            "group_price_per_hour",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=8,
                                verbose_name="price per hour for the group (€)",
                            ),
                        ),
                        (
                            "offer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="bands",
                                to="shared_services.offer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "price band",
                        "verbose_name_plural": "price bands",
                        "db_table": "proposals_priceband",
                        "ordering": ["min_households"],
                    },
                ),
                migrations.CreateModel(
                    name="SharedService",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=140, verbose_name="title")),
                        ("schedule", models.CharField(max_length=200, verbose_name="schedule")),
                        (
                            "pricing_mode",
                            models.CharField(
                                choices=[
                                    ("free", "Free"),
                                    ("copayment", "Co-payment"),
                                    ("paid", "Paid by the families"),
                                ],
                                max_length=12,
                                verbose_name="pricing",
                            ),
                        ),
                        (
                            "seats",
                            models.PositiveSmallIntegerField(verbose_name="seats (households)"),
                        ),
                        (
                            "min_households",
                            models.PositiveSmallIntegerField(verbose_name="minimum households"),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("starting", "Starting: households are confirming"),
                                    ("running", "Running"),
                                    ("ended", "Ended"),
                                ],
                                db_index=True,
                                default="starting",
                                max_length=12,
                                verbose_name="state",
                            ),
                        ),
                        ("confirm_by", models.DateTimeField(verbose_name="households confirm by")),
                        (
                            "members_count",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="member households"
                            ),
                        ),
                        (
                            "waitlist_count",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="households on the waitlist"
                            ),
                        ),
                        (
                            "current_quota",
                            models.DecimalField(
                                blank=True, decimal_places=2, max_digits=8, null=True
                            ),
                        ),
                        (
                            "contact",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="contacts for the members"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "category",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="shared_services",
                                to="catalogue.servicecategory",
                                verbose_name="category",
                            ),
                        ),
                        (
                            "offer",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="shared_service",
                                to="shared_services.offer",
                            ),
                        ),
                        (
                            "proposal",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="shared_service",
                                to="proposals.proposal",
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="shared_services",
                                to="accounts.organisation",
                                verbose_name="provider",
                            ),
                        ),
                        (
                            "space",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="shared_services",
                                to="spaces_pages.spacepage",
                                verbose_name="space",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "shared service",
                        "verbose_name_plural": "shared services",
                        "db_table": "proposals_sharedservice",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ServiceRating",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "stars",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(5),
                                ],
                                verbose_name="rating",
                            ),
                        ),
                        (
                            "comment",
                            models.CharField(blank=True, max_length=500, verbose_name="comment"),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="ratings",
                                to="shared_services.sharedservice",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "rating",
                        "verbose_name_plural": "ratings",
                        "db_table": "proposals_servicerating",
                    },
                ),
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "household_size",
                            models.PositiveSmallIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(20),
                                ],
                                verbose_name="people in the household who use it",
                            ),
                        ),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("invited", "Invited to confirm"),
                                    ("member", "Member"),
                                    ("waitlisted", "On the waitlist"),
                                    ("declined", "Declined"),
                                    ("left", "Left"),
                                    ("expired", "Did not confirm in time"),
                                ],
                                db_index=True,
                                default="invited",
                                max_length=12,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "isee_band",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("under_10k", "ISEE under €10,000"),
                                    ("10k_20k", "ISEE from €10,000 to €20,000"),
                                    ("20k_30k", "ISEE from €20,000 to €30,000"),
                                    ("over_30k", "ISEE over €30,000"),
                                    ("", "Not declared"),
                                ],
                                max_length=12,
                                verbose_name="ISEE band",
                            ),
                        ),
                        ("invited_at", models.DateTimeField(blank=True, null=True)),
                        ("requested_at", models.DateTimeField(blank=True, null=True)),
                        ("member_since", models.DateTimeField(blank=True, null=True)),
                        ("ended_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="service_memberships",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="memberships",
                                to="shared_services.sharedservice",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "membership",
                        "verbose_name_plural": "memberships",
                        "db_table": "proposals_membership",
                        "ordering": ["requested_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DeliveryEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("date", models.DateField(verbose_name="date")),
                        (
                            "hours",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=4,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0.25")),
                                    django.core.validators.MaxValueValidator(Decimal("24")),
                                ],
                                verbose_name="hours",
                            ),
                        ),
                        (
                            "notes",
                            models.CharField(blank=True, max_length=500, verbose_name="notes"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("confirmed_count", models.PositiveSmallIntegerField(default=0)),
                        ("disputed_count", models.PositiveSmallIntegerField(default=0)),
                        (
                            "logged_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="shared_services.sharedservice",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "delivered session",
                        "verbose_name_plural": "delivery log",
                        "db_table": "proposals_deliveryentry",
                        "ordering": ["-date", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="CopaymentShare",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "isee_band",
                            models.CharField(
                                choices=[
                                    ("under_10k", "ISEE under €10,000"),
                                    ("10k_20k", "ISEE from €10,000 to €20,000"),
                                    ("20k_30k", "ISEE from €20,000 to €30,000"),
                                    ("over_30k", "ISEE over €30,000"),
                                    ("", "Not declared"),
                                ],
                                max_length=12,
                                verbose_name="ISEE band",
                            ),
                        ),
                        (
                            "city_percent",
                            models.PositiveSmallIntegerField(
                                validators=[django.core.validators.MaxValueValidator(100)],
                                verbose_name="share the City covers (%)",
                            ),
                        ),
                        (
                            "service",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="copayment_shares",
                                to="shared_services.sharedservice",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "co-payment share",
                        "verbose_name_plural": "co-payment shares",
                        "db_table": "proposals_copaymentshare",
                    },
                ),
                migrations.CreateModel(
                    name="DeliveryCheck",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "verdict",
                            models.CharField(
                                choices=[("confirmed", "Confirmed"), ("disputed", "Disputed")],
                                max_length=10,
                                verbose_name="verdict",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "entry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="checks",
                                to="shared_services.deliveryentry",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "check of a delivered session",
                        "verbose_name_plural": "checks of delivered sessions",
                        "db_table": "proposals_deliverycheck",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("entry", "user"), name="proposals_check_unique"
                            )
                        ],
                    },
                ),
                migrations.AddIndex(
                    model_name="sharedservice",
                    index=models.Index(
                        fields=["space", "state"], name="proposals_s_space_i_d164c6_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="servicerating",
                    constraint=models.UniqueConstraint(
                        fields=("service", "user"), name="proposals_rating_unique"
                    ),
                ),
                migrations.AddIndex(
                    model_name="membership",
                    index=models.Index(
                        fields=["service", "state", "requested_at"],
                        name="proposals_m_service_8904c4_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="membership",
                    constraint=models.UniqueConstraint(
                        fields=("service", "user"), name="proposals_member_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="copaymentshare",
                    constraint=models.UniqueConstraint(
                        fields=("service", "isee_band"), name="proposals_copayment_unique"
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
