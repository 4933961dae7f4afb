from django.core.management.base import BaseCommand

from wemi_community.catalogue.reference import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh Municipi, NIL and the service catalogue from the shipped open data."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
