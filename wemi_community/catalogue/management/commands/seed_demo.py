"""Loads the real reference data and the demo on top of it. Idempotent: run it as often as you
like. Each project app may ship a ``demo.py`` with ``seed(*, size, stdout)``; they run in the
order of settings.PROJECT_APPS, then each ``after_seed()``."""

import inspect
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from wemi_community.catalogue.reference import load_reference_data


class Command(BaseCommand):
    help = "Load the reference data and the demo (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            type=int,
            default=1,
            help="Multiplier for the synthetic demo content (for load tests).",
        )

    def handle(self, *args, size: int, **options):
        # Role names and demo texts in the site's default language, Italian.
        with translation.override(settings.LANGUAGE_CODE):
            self.seed_everything(size)

    def seed_everything(self, size: int):
        counts = load_reference_data()
        self.stdout.write(
            "Reference data: " + ", ".join(f"{n} {what}" for what, n in counts.items())
        )
        logins = []
        demos = [
            import_module(f"{app}.demo")
            for app in settings.PROJECT_APPS
            if find_spec(f"{app}.demo") is not None
        ]
        for demo_module in demos:
            app = demo_module.__name__.removesuffix(".demo")
            seed = getattr(demo_module, "seed", None)
            if seed is None:
                continue
            accepted = inspect.signature(seed).parameters
            kwargs = {
                k: v for k, v in {"size": size, "stdout": self.stdout}.items() if k in accepted
            }
            result = seed(**kwargs)
            if app.endswith(".accounts"):
                logins = result
        # What an app does once every app's demo is there (``after_seed()`` in its demo.py).
        for demo_module in demos:
            if hasattr(demo_module, "after_seed"):
                demo_module.after_seed()
        from wemi_community.accounts.demo import extra_logins

        self.print_logins([*logins, *extra_logins()] if logins else logins)

    def print_logins(self, logins):
        if not logins:
            return
        width = max(len(email) for _, email, _ in logins)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {logins[0][2]})"))
        for role, email, _password in logins:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
        self.stdout.write("")
