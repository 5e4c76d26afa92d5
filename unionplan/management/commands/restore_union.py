from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unionplan.backup import BackupError, load_union


class Command(BaseCommand):
    help = "Restore a union written by backup_union into a database that does not hold it yet."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            count = load_union(Path(file).read_text(encoding="utf-8"))
        except (OSError, BackupError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {count} rows from {file}"))
