from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.models import Union
from unionplan import benchdata


class Command(BaseCommand):
    help = "Build the synthetic federation for `make bench` (20 unions, the largest with 20,000 members)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0: the largest union has 20,000 members.")
        parser.add_argument("--unions", type=int, default=20)
        parser.add_argument("--year", type=int, default=None, help="Default: this year.")
        parser.add_argument("--federation-unions", type=int, default=200,
                            help="Unions below the bench federation (federation/'s roll-up); 0: none.")
        parser.add_argument("--federation-members", type=int, default=100_000)
        parser.add_argument("--force", action="store_true", help="Run even though unions exist already.")

    def handle(self, *args, scale, unions, year, force, federation_unions, federation_members, **options):
        # The bench adds logins with a known password: only ever into a database of its own.
        name = str(settings.DATABASES["default"]["NAME"])
        if Union.objects.exists() and not force:
            raise CommandError(f"The database {name} holds unions already; bench_data wants an empty one.")
        built = benchdata.build(scale=scale, unions=unions, year=year, log=self.stdout.write)
        if federation_unions:
            benchdata.build_federation(federation_unions, federation_members, year=year, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Federation ready in {name}: largest union {built.largest.name}"))
        for model, count in built.counts.items():
            self.stdout.write(f"  {model:12s} {count:8d}")
