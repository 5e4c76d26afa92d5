from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

import activities.demo
import congress.demo
import federation.demo
import funds.demo
import members.demo
import plans.demo
import unionplan.demo


def _day(text):
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--today takes a date like 2026-12-05, not {text!r}") from error


class Command(BaseCommand):
    help = "Build the demo union (a school's teachers' union) with its year. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument("--year", type=int, default=None, help="The demo year (default: the year of --today).")
        parser.add_argument(
            "--today", type=_day, default=None,
            help="The day the demo is built around, YYYY-MM-DD (default: today): before it activities are "
            "done and money is recorded, after it activities are open for sign-up.",
        )

    def handle(self, *args, force=False, year=None, today=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo adds demo users with a known password; with DEBUG off, pass --force.")
        today = today or timezone.localdate()
        year = year or today.year
        with transaction.atomic():
            union = members.demo.seed(year, today)
            plans.demo.seed(union, year, today)
            activities.demo.seed(union, year, today)
            funds.demo.seed(union, year, today)
            federation.demo.seed(union, year, today)  # the education union above the school
            receipt = congress.demo.seed(union, year, today)
            unionplan.demo.seed(union, year)  # last: the summary text quotes the year's figures
            if today.month == 12 and year == today.year:
                # A newcomer in December finds next year under way: its plan drafted, January's activities.
                plans.demo.seed_next_year(union, year + 1)
                activities.demo.seed_january(union, year + 1, today)
        self.stdout.write(self.style.SUCCESS(f"Demo union ready: {union.name} ({year}, today {today:%Y-%m-%d})"))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/ as chair, committee, treasurer, reviewer or member, "
            f"password: {settings.DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"The education union above the school ({federation.demo.EDUCATION_UNION}): log in as federation"
        )
        if receipt:
            self.stdout.write(f"The demo's anonymous suggestion reads its reply with the receipt code {receipt}")
