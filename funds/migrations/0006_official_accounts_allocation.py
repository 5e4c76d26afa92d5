"""The accounts of 《工会会计制度》 (issue 17, points 3 and 4): expense categories map to an official
account and sub-item (existing categories mapped by name where the name is clear), income gets the
official income accounts, the 2% allocation (拨缴经费) register, the treasurer's explanations of the
final accounts' variances, the dues' 10-yuan option and the opening balance."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def map_categories(apps, schema_editor):
    from funds.official_accounts import mapping_for_name

    ExpenseCategory = apps.get_model("funds", "ExpenseCategory")
    for category in ExpenseCategory.objects.filter(account=""):
        account, sub_item = mapping_for_name(category.name)
        if account:
            category.account, category.sub_item = account, sub_item
            category.save(update_fields=["account", "sub_item"])


def add_business_category(apps, schema_editor):
    """Unions that have the five default accounts get the sixth official one, 事业支出, unused."""
    ExpenseCategory = apps.get_model("funds", "ExpenseCategory")
    unions = set(ExpenseCategory.objects.filter(name="职工活动支出").values_list("union_id", flat=True))
    have = set(ExpenseCategory.objects.filter(account="business").values_list("union_id", flat=True))
    ExpenseCategory.objects.bulk_create(
        ExpenseCategory(union_id=u, name="事业支出", order=5, account="business", active=False)
        for u in sorted(unions - have)
        if not ExpenseCategory.objects.filter(union_id=u, name="事业支出").exists()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0005_fundreview_second_half"),
        ("members", "0018_lunar_birth_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="expensecategory",
            name="account",
            field=models.CharField(
                blank=True,
                choices=[
                    ("activities", "Staff activities expenditure"),
                    ("rights", "Rights protection expenditure"),
                    ("operations", "Operating expenditure"),
                    ("capital", "Capital expenditure"),
                    ("business", "Business expenditure"),
                    ("other", "Other expenditure"),
                ],
                max_length=12,
                verbose_name="official account",
            ),
        ),
        migrations.AddField(
            model_name="expensecategory",
            name="sub_item",
            field=models.CharField(
                blank=True,
                choices=[
                    ("education", "Staff education"),
                    ("sports_culture", "Sports and culture"),
                    ("publicity", "Publicity"),
                    ("other_activities", "Other activities"),
                    ("labour_relations", "Labour relations"),
                    ("labour_protection", "Labour protection"),
                    ("legal_aid", "Legal aid"),
                    ("hardship_aid", "Aid to members in hardship"),
                    ("warmth", "Sending warmth"),
                    ("other_rights", "Other rights protection"),
                    ("training", "Training"),
                    ("meetings", "Meetings"),
                    ("special", "Special operations"),
                    ("other_operations", "Other operations"),
                    ("buildings", "Buildings"),
                    ("equipment", "Equipment"),
                    ("other_capital", "Other capital expenditure"),
                ],
                max_length=20,
                verbose_name="sub-item",
            ),
        ),
        migrations.AlterField(
            model_name="income",
            name="source",
            field=models.CharField(
                choices=[
                    ("allocated", "Allocated funds"),
                    ("subsidy", "Higher-level subsidy"),
                    ("admin", "Administrative subsidy"),
                    ("business", "Business income"),
                    ("investment", "Investment income"),
                    ("other", "Other income"),
                ],
                max_length=10,
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="fundsettings",
            name="dues_drop_under_ten",
            field=models.BooleanField(
                default=False,
                help_text="Where the union says so, dues are reckoned on the wage base rounded down to whole tens of yuan.",
                verbose_name="drop the part of the wage under 10 yuan",
            ),
        ),
        migrations.AddField(
            model_name="fundsettings",
            name="allocation_rate",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("2.00"),
                help_text="Percent of the payroll the employer allocates to the union; the Trade Union Law says 2.",
                max_digits=5,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0.01")),
                    django.core.validators.MaxValueValidator(Decimal("100")),
                ],
                verbose_name="allocation rate (%)",
            ),
        ),
        migrations.AddField(
            model_name="fundsettings",
            name="allocation_kept_share",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("60.00"),
                help_text="The rest is passed up to the higher-level union (usually 60 kept, 40 passed up).",
                max_digits=5,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0")),
                    django.core.validators.MaxValueValidator(Decimal("100")),
                ],
                verbose_name="share of the allocation kept (%)",
            ),
        ),
        migrations.AddField(
            model_name="fundsettings",
            name="allocation_frequency",
            field=models.CharField(
                choices=[("month", "Monthly"), ("quarter", "Quarterly")],
                default="month",
                max_length=7,
                verbose_name="allocation recorded",
            ),
        ),
        migrations.AddField(
            model_name="fundsettings",
            name="opening_balance",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                help_text="The balance brought forward into the first year kept in this app (结余).",
                max_digits=12,
                verbose_name="opening balance",
            ),
        ),
        migrations.CreateModel(
            name="Allocation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                (
                    "period",
                    models.CharField(
                        choices=[("month", "Month"), ("quarter", "Quarter")],
                        default="month",
                        max_length=7,
                        verbose_name="period",
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(12),
                        ],
                        verbose_name="month or quarter",
                    ),
                ),
                ("start", models.DateField(editable=False, verbose_name="from")),
                ("end", models.DateField(editable=False, verbose_name="to")),
                (
                    "payroll",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0.01"))],
                        verbose_name="payroll total",
                    ),
                ),
                (
                    "rate",
                    models.DecimalField(decimal_places=2, default=Decimal("2.00"), max_digits=5, verbose_name="rate (%)"),
                ),
                (
                    "kept_share",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("60.00"), max_digits=5, verbose_name="share kept (%)"
                    ),
                ),
                ("due", models.DecimalField(decimal_places=2, editable=False, max_digits=12, verbose_name="amount due")),
                (
                    "paid",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0.00"),
                        max_digits=12,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="amount paid",
                    ),
                ),
                ("paid_on", models.DateField(blank=True, null=True, verbose_name="paid on")),
                (
                    "kept",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=12, verbose_name="kept"
                    ),
                ),
                (
                    "passed_up",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("0.00"), editable=False, max_digits=12, verbose_name="passed up"
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="members.union", verbose_name="union"
                    ),
                ),
            ],
            options={
                "verbose_name": "allocation (2%)",
                "verbose_name_plural": "allocations (2%)",
                "ordering": ["year", "start", "id"],
                "indexes": [models.Index(fields=["union", "year", "start"], name="allocation_union_year")],
                "constraints": [
                    models.UniqueConstraint(fields=("union", "year", "period", "number"), name="allocation_one_per_period"),
                    models.CheckConstraint(condition=models.Q(("payroll__gt", 0)), name="allocation_payroll_positive"),
                    models.CheckConstraint(condition=models.Q(("paid__gte", 0)), name="allocation_paid_not_negative"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("number__gte", 1), ("number__lte", 12), ("period", "month")),
                            models.Q(("number__gte", 1), ("number__lte", 4), ("period", "quarter")),
                            _connector="OR",
                        ),
                        name="allocation_number_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("rate__gt", 0), ("rate__lte", 100)), name="allocation_rate_range"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kept_share__gte", 0), ("kept_share__lte", 100)),
                        name="allocation_kept_range",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="FinalAccountsNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="version")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("line", models.CharField(max_length=40, verbose_name="line")),
                ("explanation", models.TextField(max_length=2000, verbose_name="explanation of the variance")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "union",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="members.union", verbose_name="union"
                    ),
                ),
            ],
            options={
                "verbose_name": "final accounts explanation",
                "verbose_name_plural": "final accounts explanations",
                "ordering": ["year", "line"],
                "permissions": [("view_finalaccounts", "Can view the final accounts")],
                "constraints": [
                    models.UniqueConstraint(fields=("union", "year", "line"), name="finalaccountsnote_once")
                ],
            },
        ),
        migrations.RunPython(map_categories, migrations.RunPython.noop),
        migrations.RunPython(add_business_category, migrations.RunPython.noop),
    ]
