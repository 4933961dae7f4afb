"""Records the facts of the modules' existing rows, then rebuilds the figures. Idempotent."""

from django.core.management.base import BaseCommand

from wemi_community.evidence.backfill import backfill


class Command(BaseCommand):
    help = "Record the observatory's facts for the rows already there, then rebuild the figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Also read again the moment and measures of facts already recorded.",
        )

    def handle(self, *args, refresh: bool, **options):
        written = backfill(refresh=refresh)
        for label, count in written.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Facts written: {sum(written.values())}"))
