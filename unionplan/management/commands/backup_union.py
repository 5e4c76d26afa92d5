from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.models import Union
from unionplan.backup import dump_union


class Command(BaseCommand):
    help = "Write one union (all its rows, history and its members' logins) to a portable JSON file."

    def add_arguments(self, parser):
        parser.add_argument("union", help="The union's id or exact name.")
        parser.add_argument("file", help="Where to write the backup, e.g. union-2026-12-31.json")

    def handle(self, *args, union, file, **options):
        lookup = {"pk": union} if union.isdigit() else {"name": union}
        found = Union.objects.filter(**lookup).first()
        if found is None:
            raise CommandError(f"No union {union!r}.")
        Path(file).write_text(dump_union(found), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Backed up {found.name} to {file}"))
