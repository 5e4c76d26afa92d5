from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

import activities.demo
import funds.demo
import members.demo
import plans.demo
import unionplan.demo
from members import stamps


class Command(BaseCommand):
    help = "Build the demo union (a school's teachers' union) with its year. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument("--year", type=int, default=None, help="The demo year (default: this year).")

    def handle(self, *args, force=False, year=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo adds demo users with a known password; with DEBUG off, pass --force.")
        year = year or timezone.localdate().year
        with transaction.atomic():
            union = members.demo.seed(year)
            plans.demo.seed(union, year)
            activities.demo.seed(union, year)
            funds.demo.seed(union, year)
            unionplan.demo.seed(union, year)  # last: the summary text quotes the year's figures
        stamps.touch(union)  # a running server shows the new data at once
        self.stdout.write(self.style.SUCCESS(f"Demo union ready: {union.name} ({year})"))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/ as chair, committee, treasurer, reviewer or member, "
            f"password: {settings.DEMO_PASSWORD}"
        )
