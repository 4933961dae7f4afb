"""Loads the real reference data and the demo on top of it. Idempotent: run it as often as you
like.

The project's apps take part through hooks on their AppConfig, called in the order of
settings.PROJECT_APPS (so this command imports none of them):

- ``seed_reference_data(*, stdout)``: first, for every app that has one;
- ``seed_demo(*, size, stdout)``: the app's demo; it may return demo logins to print, as
  (label, e-mail, password) rows;
- ``after_seed_demo()``: once every app's demo is there;
- ``demo_logins()``: more logins to print, read at the end;
- ``demo_second_factors()``: (e-mail, base32 key, otpauth:// address) of the logins that
  sign in with an authenticator app, printed after the logins.

With ``--city`` the demo is loaded first (its logins keep working), then Milan at city scale
on top of it, in bulk, through two more hooks:

- ``city_seeded()``: True if the app's share of the city is already there; the command then
  adds nothing (a second run never duplicates);
- ``seed_city(*, city)``: the app's share, timed phase by phase through ``city.phase``;
  ``city.data`` carries what the apps before it made (residents, spaces...)."""

import random
import time

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from wemi_community.core import bulk

# The code an authenticator app shows now for a base32 key (RFC 6238, 6 digits, 30 s).
TOTP_ONE_LINER = (
    "import base64,hmac,struct,sys,time;"
    "h=hmac.digest(base64.b32decode(sys.argv[1]),struct.pack('>Q',int(time.time()//30)),'sha1');"
    "o=h[-1]&15;print('%06d'%((int.from_bytes(h[o:o+4],'big')&0x7fffffff)%1000000))"
)


def project_app_configs():
    by_name = {config.name: config for config in apps.get_app_configs()}
    return [by_name[name] for name in settings.PROJECT_APPS if name in by_name]


class Command(BaseCommand):
    help = "Load the reference data and the demo (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            type=int,
            default=1,
            help="Multiplier for the synthetic demo content (for load tests).",
        )
        parser.add_argument(
            "--city",
            action="store_true",
            help="Then add Milan at city scale (100,000 residents, 50,000 proposals...), in bulk.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="With --city: the share of the city's numbers to load (e.g. 0.001 in tests).",
        )

    def handle(self, *args, size: int, city: bool, scale: float, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        # Role names and demo texts in the site's default language, Italian.
        with translation.override(settings.LANGUAGE_CODE):
            self.seed_everything(size)
            if city:
                self.seed_city(scale)

    def seed_city(self, scale: float):
        configs = project_app_configs()
        seeded = [c.label for c in configs if hasattr(c, "city_seeded") and c.city_seeded()]
        if seeded:
            self.stdout.write(
                self.style.WARNING(
                    f"The city is already loaded ({', '.join(seeded)}): nothing added. "
                    "Start from an empty database to load it again."
                )
            )
            return
        city = City(scale=scale, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nCity at scale {scale:g}: phase, rows, seconds (wall clock, this process's CPU)"
            )
        )
        started = time.perf_counter()
        # One transaction for the whole city: a load that fails leaves nothing behind.
        with bulk.sqlite_fast_writes():
            with bulk.bulk_load():
                for config in configs:
                    if hasattr(config, "seed_city"):
                        config.seed_city(city=city)
            city.phase("statistics (ANALYZE)", lambda: (bulk.analyze(), 0)[1])
        self.stdout.write(
            self.style.SUCCESS(f"City loaded in {time.perf_counter() - started:.1f} s")
        )

    def seed_everything(self, size: int):
        configs = project_app_configs()
        for config in configs:
            if hasattr(config, "seed_reference_data"):
                config.seed_reference_data(stdout=self.stdout)
        logins = []
        for config in configs:
            if hasattr(config, "seed_demo"):
                logins.extend(config.seed_demo(size=size, stdout=self.stdout) or [])
        for config in configs:
            if hasattr(config, "after_seed_demo"):
                config.after_seed_demo()
        if logins:
            for config in configs:
                if hasattr(config, "demo_logins"):
                    logins.extend(config.demo_logins())
        self.print_logins(logins)
        if logins:
            self.print_second_factors(
                [
                    row
                    for config in configs
                    if hasattr(config, "demo_second_factors")
                    for row in config.demo_second_factors()
                ]
            )

    def print_logins(self, logins):
        if not logins:
            return
        width = max(len(email) for _, email, _ in logins)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {logins[0][2]})"))
        for role, email, _password in logins:
            self.stdout.write(f"  {email.ljust(width)}  {role}")
        self.stdout.write("")

    def print_second_factors(self, rows):
        if not rows:
            return
        self.stdout.write(
            self.style.SUCCESS(
                "Second factor of the staff logins: after the password, the 6-digit code of an "
                "authenticator app holding the login's key"
            )
        )
        self.stdout.write(f'  (a code now, without an app: python3 -c "{TOTP_ONE_LINER}" KEY)')
        width = max(len(email) for email, _, _ in rows)
        for email, secret, uri in rows:
            self.stdout.write(f"  {email.ljust(width)}  {secret}")
            self.stdout.write(f"  {''.ljust(width)}  {uri}")
        self.stdout.write("")


class City:
    """What the apps' ``seed_city`` hooks share: the scale, one seeded random generator (the
    same city on every run), what the earlier apps made, and a timer per phase."""

    def __init__(self, *, scale: float, stdout):
        self.scale = scale
        self.stdout = stdout
        self.rng = random.Random(2026)
        self.data: dict = {}
        self.phases: list[tuple[str, int, float, float]] = []

    def count(self, full: int) -> int:
        """The city's number ``full`` at this scale (at least one)."""
        return bulk.scaled(full, self.scale)

    def phase(self, label: str, build):
        """Run ``build()``, which returns the rows it made, and print them with the time."""
        started, cpu = time.perf_counter(), time.process_time()
        rows = build()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        self.phases.append((label, rows, seconds, cpu))
        # The CPU seconds of this process too: on a shared machine the wall clock also
        # counts the time spent waiting for a core (the database server's work is not in it).
        self.stdout.write(f"  {label:<44}{rows:>12,}{seconds:>9.1f} s{cpu:>9.1f} s CPU")
        return rows
