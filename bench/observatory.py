#!/usr/bin/env python
"""Benchmark of the observatory and the public API at city scale.

    .venv/bin/python bench/observatory.py          # SQLite, var/bench/bench_observatory.sqlite3
    .venv/bin/python bench/observatory.py --database-url \
        postgres://postgres@127.0.0.1:5432/wemi_bench_observatory

A fresh database of its own (see common.py). The evidence is bulk-inserted as the modules'
services record it, in two sizes: a small city and Milan at WeMi's scale and beyond (by default
1,000,000 households joining proposals and 100,000 needs posted in labs, with desk contacts,
registrations, volunteer hours, the funnel and the shared services' deliveries spread over
24 months, the 9 Municipi, the 88 NIL, the 15 Spazi WeMi and the catalogue). The running
figures are rebuilt from the facts (the nightly task, timed), then every observatory page and
API endpoint below is requested with the test client. It prints, per URL and size, the
queries per request and p50/p95/max in milliseconds, and the large/small ratio of the p50.
The exit code is 1 if a URL did not answer 200 or its queries grew with the data."""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import random
import time

from common import percentile, prepare_database, setup_django

URLS = (
    "/osservatorio/",
    "/osservatorio/?municipio=5",
    "/osservatorio/?categoria=sostegno-alla-famiglia-educazione-e-cura-di-bambini-e-ragazzi-baby-sitter",
    "/en/osservatorio/",
    "/osservatorio/rendiconto/",
    "/osservatorio/rendiconto/municipio/5/",
    "/osservatorio/csv/nil.csv",
    "/dati-aperti/",
    "/api/v1/observatory/demand/?by=month",
    "/api/v1/observatory/demand/?by=nil",
    "/api/v1/observatory/funnel/",
    "/api/v1/observatory/services/",
    "/api/v1/spaces/",
    "/api/v1/proposals/",
    "/api/v1/events/",
)
MONTHS = 24
# kind, share of the joins' count (joins and needs are set by the options)
OTHERS = (
    ("me_too", 0.2),
    ("desk_contact", 0.05),
    ("appointment", 0.02),
    ("event_registration", 0.2),
    ("event_attendance", 0.15),
    ("course_enrolment", 0.02),
    ("course_attendance", 0.05),
    ("volunteer_hours", 0.1),
    ("service_member", 0.01),
    ("service_delivery", 0.05),
    ("service_payment", 0.1),
)
FUNNEL = (
    "proposal_published",
    "proposal_threshold",
    "proposal_evaluated",
    "proposal_accepted",
    "service_running",
)
ISEE = ("under_10k", "10k_20k", "20k_30k", "over_30k")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--joins", type=int, default=1_000_000, help="joins, large (1,000,000)")
    parser.add_argument("--needs", type=int, default=100_000, help="needs, large (100,000)")
    parser.add_argument("--small", type=float, default=0.01, help="small city's share (0.01)")
    parser.add_argument("--repeat", type=int, default=20, help="requests per URL and size (20)")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), help="else SQLite"
    )
    return parser.parse_args()


class FactMaker:
    """Facts as the services write them: each with its month, place, space and category."""

    def __init__(self, spaces):
        # Only after main()'s setup_django(): Django configured, the project on the path.
        from django.utils import timezone

        from wemi_community.catalogue.models import Nil, ServiceCategory

        self.rng = random.Random(2026)
        self.now = timezone.now()
        self.nils = list(Nil.objects.values_list("id", "municipio_id"))
        self.spaces = [(space.pk, space.municipio_id) for space in spaces]
        # People mostly go to a space of their own Municipio, and a few dozen services are
        # most of the demand: the cells are as sparse as a city's, not a uniform draw.
        self.nils_of = {}
        for nil_id, municipio_id in self.nils:
            self.nils_of.setdefault(municipio_id, []).append(nil_id)
        self.categories = list(
            ServiceCategory.objects.filter(level=ServiceCategory.Level.LEVEL2)
            .order_by("pk")
            .values_list("id", flat=True)[:40]
        )
        self.weights = [1 / (rank + 1) for rank in range(len(self.categories))]
        self.made = 0

    def add(self, kind: str, count: int) -> None:
        # Only after main()'s setup_django(): Django configured, the project on the path.
        from wemi_community.evidence.models import Fact
        from wemi_community.evidence.services import month_of

        rng, chunk = self.rng, 5_000
        for start in range(0, count, chunk):
            rows = []
            for n in range(start, min(start + chunk, count)):
                when = self.now - datetime.timedelta(seconds=rng.randrange(MONTHS * 30 * 86_400))
                space_id, space_municipio = rng.choice(self.spaces)
                if rng.random() < 0.8 and space_municipio in self.nils_of:
                    municipio_id = space_municipio
                    nil_id = rng.choice(self.nils_of[municipio_id])
                else:
                    nil_id, municipio_id = self.nils[rng.randrange(len(self.nils))]
                category_id = rng.choices(self.categories, self.weights)[0]
                payment = kind == "service_payment"
                rows.append(
                    Fact(
                        kind=kind,
                        source=f"bench.{kind}:{self.made + n}",
                        occurred_at=when,
                        month=month_of(when),
                        municipio_id=municipio_id,
                        nil_id=nil_id,
                        space_id=space_id,
                        category_id=category_id,
                        people=rng.randint(1, 4),
                        households=1 if kind in ("proposal_join", "service_member") else 0,
                        quantity=rng.randint(1, 30) if kind in FUNNEL else rng.randint(1, 4),
                        family_cents=rng.randint(200, 2_000) if payment else 0,
                        city_cents=rng.randint(0, 1_500) if payment else 0,
                        isee_band=rng.choice(ISEE) if payment else "",
                    )
                )
            Fact.objects.bulk_create(rows, batch_size=chunk)
        self.made += count

    def city(self, joins: int, needs: int) -> None:
        self.add("proposal_join", joins)
        self.add("need", needs)
        for kind, share in OTHERS:
            self.add(kind, int(joins * share))
        proposals = max(joins // 20, 1)
        for step, kind in enumerate(FUNNEL):
            self.add(kind, proposals // (2**step))


def time_urls(repeat: int) -> dict[str, dict]:
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.db import connection
    from django.test import Client

    client = Client()
    results = {}
    for url in URLS:
        millis, queries, status = [], set(), 200
        for attempt in range(repeat + 1):
            count = 0

            def counter(execute, sql, params, many, context):
                nonlocal count
                count += 1
                return execute(sql, params, many, context)

            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                response = client.get(url, REMOTE_ADDR=f"10.0.{attempt // 250}.{attempt % 250}")
            elapsed = time.perf_counter() - started
            status = response.status_code if response.status_code != 200 else status
            if attempt:  # the first request warms the templates and the caches up
                millis.append(elapsed * 1000)
                queries.add(count)
        results[url] = {"ms": millis, "queries": queries, "status": status}
    return results


def time_selectors(repeat: int) -> dict[str, list[float]]:
    """The figures' aggregate queries themselves, without a page around them."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from wemi_community.evidence import kinds
    from wemi_community.evidence.selectors import figures, scope_parse

    scope = scope_parse({})
    questions = {
        "demand by month": (kinds.DEMAND, ["month", "kind"]),
        "demand by NIL": (kinds.DEMAND, ["nil_id"]),
        "demand by category": (kinds.DEMAND, ["category_id"]),
        "funnel": (kinds.FUNNEL, ["kind"]),
        "services by ISEE band": (kinds.DELIVERY, ["kind", "isee_band"]),
    }
    out = {}
    for name, (which, by) in questions.items():
        millis = []
        for _ in range(repeat):
            started = time.perf_counter()
            figures(scope, which, by=by)
            millis.append((time.perf_counter() - started) * 1000)
        out[name] = millis
    return out


def _queries(counts: set[int]) -> str:
    return str(min(counts)) if len(counts) == 1 else f"{min(counts)}-{max(counts)}"


def report(sizes: list[tuple[str, dict]]) -> bool:
    (small_label, few_all), (large_label, many_all) = sizes
    ok = True
    print(f"  {'URL':<44}{'queries':>9}" + f"{'p50':>8}{'p95':>8}{'max':>8}" * 2 + "  large/small")
    print(f"  {'':<53}{small_label:>24}{large_label:>24}")
    for url in URLS:
        few, many = few_all[url], many_all[url]
        queries = _queries(few["queries"])
        mark = ""
        if few["status"] != 200 or many["status"] != 200:
            ok, mark = False, f"  answered {few['status']}/{many['status']}!"
        elif few["queries"] != many["queries"]:
            ok, queries = False, f"{queries}/{_queries(many['queries'])}!"
        cells = "".join(
            f"{percentile(r['ms'], 0.5):>8.1f}{percentile(r['ms'], 0.95):>8.1f}{max(r['ms']):>8.1f}"
            for r in (few, many)
        )
        ratio = percentile(many["ms"], 0.5) / max(percentile(few["ms"], 0.5), 0.001)
        shown = url if len(url) <= 44 else url[:43] + "…"
        print(f"  {shown:<44}{queries:>9}{cells}{ratio:>13.2f}{mark}")
    return ok


def main() -> int:
    args = parse_args()
    url, label, drop = prepare_database(args.database_url, "bench_observatory.sqlite3")
    setup_django(url)
    for name in ("django-q", "django_tasks", "wagtail", "django.request"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.core.management import call_command
    from django.db import connection

    from spaces_pages.demo import seed_spaces
    from spaces_pages.models import HomePage
    from wemi_community.evidence.models import Fact, Figure
    from wemi_community.evidence.services import figures_rebuild

    try:
        call_command("migrate", verbosity=0, interactive=False)
        spaces = seed_spaces(HomePage.objects.get(locale__language_code="it"))
        maker = FactMaker(spaces)
        small_joins = max(int(args.joins * args.small), 100)
        small_needs = max(int(args.needs * args.small), 10)
        sizes = []
        print(f"Observatory and API benchmark on {label}, {args.repeat} requests per URL")
        for joins, needs in ((small_joins, small_needs), (args.joins, args.needs)):
            started = time.perf_counter()
            maker.city(joins - (small_joins if sizes else 0), needs - (small_needs if sizes else 0))
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            cells = figures_rebuild()
            rebuilt = time.perf_counter() - started
            facts = Fact.objects.count()
            print(
                f"  {joins:,} joins and {needs:,} needs: {facts:,} facts loaded in "
                f"{loaded:.1f} s; figures rebuilt in {rebuilt:.1f} s ({cells:,} cells, "
                f"{Figure.objects.count():,} rows)"
            )
            for name, millis in time_selectors(args.repeat).items():
                print(
                    f"    {name:<24} p50 {percentile(millis, 0.5):7.1f} ms, "
                    f"p95 {percentile(millis, 0.95):7.1f} ms"
                )
            sizes.append((f"{joins:,} joins", time_urls(args.repeat)))
        ok = report(sizes)
        if not ok:
            print("  FAILED: a URL did not answer 200 or its queries grew with the data")
        return 0 if ok else 1
    finally:
        connection.close()
        drop()


if __name__ == "__main__":
    raise SystemExit(main())
