#!/usr/bin/env python
"""Benchmark of the proposals: the public list stays flat, seats hold under contention.

    .venv/bin/python bench/proposals.py               # SQLite, var/bench/bench_proposals.sqlite3
    .venv/bin/python bench/proposals.py --database-url \
        postgres://postgres@127.0.0.1:5432/wemi_bench_proposals

Like digest.py it always builds a fresh database of its own (a SQLite file under var/bench/, or
a PostgreSQL database it creates and drops through the "postgres" maintenance database) and
refuses any database whose name does not contain "bench". Tasks run inline and e-mails go to
the in-memory backend (the test settings).

Part 1, the list: a small and a large set of published proposals (bulk inserts over the 15
demo Spazi WeMi, with the households that joined and the counters that go with them). For each
size, /proposte/ and a few filtered and sorted variants are requested with the test client;
the queries per page must be the same for both sizes, and the p50 ratio large/small says how
flat the time stays.

Part 2, the seats: one shared service with S seats and H invited households (bulk inserts and
offers.offer_choose, as tests/shared_services/test_concurrency.py does), then H
shared_services.services.seat_confirm calls from T threads. At the end there must be S members
and H - S households on the waitlist; the exit code is 1 if the seats overbooked, a call failed
or the list's queries grew with the data."""

from __future__ import annotations

import argparse
import logging
import os
import queue
import threading
import time
from decimal import Decimal

from common import percentile, prepare_database, setup_django

# The list's URLs, as a resident would open them.
LIST_URLS = (
    "/proposte/",
    "/proposte/?ordina=adesioni",
    "/proposte/?ordina=scadenza",
    "/proposte/?stato=tutte",
    "/proposte/?q=doposcuola",
    "/proposte/?municipio=5",
)
POOL = 2_000  # people who propose and join; a proposal's households are distinct people


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=100, help="proposals, small set (100)")
    parser.add_argument("--large", type=int, default=10_000, help="proposals, large set (10,000)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per URL and size (30)")
    parser.add_argument("--seats", type=int, default=50, help="seats of the service (50)")
    parser.add_argument("--households", type=int, default=1_000, help="invited (1,000)")
    parser.add_argument("--threads", type=int, default=20, help="confirming at once (20)")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", ""), help="else SQLite"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not 0 < args.small < args.large:
        parser.error("--small must be above 0 and below --large")
    if not 2 <= args.seats < args.households:
        parser.error("--seats must be at least 2 and below --households")
    if args.threads < 1 or args.repeat < 1:
        parser.error("--threads and --repeat must be at least 1")
    return args


# --- Part 1: the list ------------------------------------------------------------------------


def proposal_maker(spaces):
    """The app's bulk builder of proposals (proposals.city, shared with ``seed_demo --city``)
    over a pool of POOL people who propose and join."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from proposals.city import ProposalMaker
    from wemi_community.accounts.models import User

    User.objects.bulk_create(
        User(
            email=f"famiglia{n}@bench.example",
            display_name=f"Famiglia {n}",
            nickname=f"famiglia{n}",
            household_size=1 + n % 4,
        )
        for n in range(POOL)
    )
    people = list(
        User.objects.filter(email__endswith="@bench.example")
        .order_by("pk")
        .values_list("pk", "household_size")
    )
    return ProposalMaker(spaces, people)


def analyze() -> None:
    """Fresh statistics on PostgreSQL, as autovacuum would gather after a bulk load; SQLite
    keeps none unless asked, like a production SQLite file."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def time_urls(repeat: int) -> dict[str, dict]:
    """Each URL ``repeat`` times after one warm-up request: milliseconds and queries."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.db import connection
    from django.test import Client

    client = Client()
    results = {}
    for url in LIST_URLS:
        millis, queries = [], set()
        for attempt in range(repeat + 1):
            count = 0

            def counter(execute, sql, params, many, context):
                nonlocal count
                count += 1
                return execute(sql, params, many, context)

            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            if attempt:  # the first request warms the caches and the templates up
                millis.append(elapsed * 1000)
                queries.add(count)
        results[url] = {"ms": millis, "queries": queries, "rows": matching(url)}
    return results


def matching(url: str) -> int:
    """The proposals the page at ``url`` counts, read with the view's own filters."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.http import QueryDict

    from proposals import selectors
    from proposals.filters import ProposalFilter

    query = QueryDict(url.partition("?")[2])
    return ProposalFilter(query, queryset=selectors.published_proposals()).qs.count()


def _queries(counts: set[int]) -> str:
    return str(min(counts)) if len(counts) == 1 else f"{min(counts)}-{max(counts)}"


def report_list(small: int, large: int, timings: dict[int, dict]) -> bool:
    """The table of part 1; False if a page's queries changed with the number of proposals.
    A page with no rows skips the query of its rows: it is not compared."""
    flat, empty = True, False
    block = 8 + 3 * 7
    print(f"  {'':<36}{f'{small:,} proposals':>{block}}{f'{large:,} proposals':>{block}}")
    print(
        f"  {'URL':<28}{'queries':>8}"
        + f"{'rows':>8}{'p50':>7}{'p95':>7}{'max':>7}" * 2
        + f"{'large/small':>13}"
    )
    for url in LIST_URLS:
        few, many = timings[small][url], timings[large][url]
        queries = _queries(few["queries"])
        if few["queries"] != many["queries"] or len(few["queries"]) != 1:
            queries = f"{queries}/{_queries(many['queries'])}"
            if few["rows"] and many["rows"]:
                flat, queries = False, queries + "!"
            else:
                empty, queries = True, queries + "*"
        cells = "".join(
            f"{run['rows']:>8,}{percentile(run['ms'], 0.5):>7.1f}"
            f"{percentile(run['ms'], 0.95):>7.1f}{max(run['ms']):>7.1f}"
            for run in (few, many)
        )
        ratio = percentile(many["ms"], 0.5) / percentile(few["ms"], 0.5)
        print(f"  {url:<28}{queries:>8}{cells}{ratio:>13.2f}")
    if empty:
        print("  * a page with no rows skips the query of its rows: not compared")
    return flat


# --- Part 2: the seats -----------------------------------------------------------------------


def shared_service(space, households: int, seats: int):
    """A service with ``seats`` seats whose accepted proposal ``households`` households joined:
    every one of them is invited to confirm. The proposal goes through the services; the
    households are bulk inserts, as in tests/shared_services/test_concurrency.py."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from proposals import services
    from proposals.models import Proposal, Support
    from shared_services import offers
    from shared_services.offers import OfferData
    from shared_services.pricing import BandData
    from spaces_pages.services import space_groups_ensure
    from wemi_community.accounts.models import Organisation, OrganisationStaff, User
    from wemi_community.catalogue.models import ServiceCategory

    category = ServiceCategory.objects.get(
        level=ServiceCategory.Level.LEVEL2, name="Baby sitter condivisa"
    )
    coordinator = User.objects.create_user(
        email="coordinatrice@bench.example", display_name="Coordinatrice"
    )
    coordinator.groups.add(space_groups_ensure(space=space).coordination)
    author = User.objects.create_user(email="autrice@bench.example", display_name="Autrice")
    organisation = Organisation.objects.create(name="Cooperativa Bench", slug="cooperativa-bench")
    organisation.accredited_categories.add(category)
    staff = User.objects.create_user(email="educatrice@bench.example", display_name="Educatrice")
    OrganisationStaff.objects.create(organisation=organisation, user=staff)

    proposal = services.proposal_draft_save(
        actor=author,
        data={
            "category": category,
            "space": space,
            "title": "Baby sitter condivisa per tutto il quartiere",
            "description": "Cerchiamo una **baby sitter** condivisa per i bambini del quartiere.",
            "audience": "children",
            "days": [1, 3],
            "time_slots": ["afternoon"],
            "pricing_mode": "paid",
        },
    )
    proposal = services.proposal_publish(actor=author, proposal=proposal)
    users = User.objects.bulk_create(
        User(
            email=f"invitata{n}@bench.example",
            display_name=f"Invitata {n}",
            nickname=f"invitata{n}",
            household_size=1 + n % 4,
        )
        for n in range(households - 1)
    )
    Support.objects.bulk_create(
        Support(proposal=proposal, user=user, household_size=user.household_size) for user in users
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        state=Proposal.State.UNDER_EVALUATION,
        households_count=households,
        people_count=proposal.people_count + sum(user.household_size for user in users),
    )
    offer = offers.offer_submit(
        actor=staff,
        proposal=Proposal.objects.get(pk=proposal.pk),
        organisation=organisation,
        data=OfferData(
            min_households=2,
            max_households=seats,
            schedule="Martedì e giovedì 16:30–19:00",
            description="Educatrice qualificata, materiali inclusi.",
            bands=[BandData(2, seats, Decimal("40.00"))],
        ),
    )
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.ACCEPTED)
    return offers.offer_choose(coordinator=coordinator, offer=offer)


def confirm_all(service, threads: int) -> tuple[float, list[float], list[str]]:
    """Every invited household confirms, from ``threads`` threads started together: the total
    seconds, each call's milliseconds and the failures."""
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.db import connection

    from shared_services import services as service_ops
    from wemi_community.accounts.models import User

    user_ids = list(service.memberships.order_by("pk").values_list("user_id", flat=True))
    people = User.objects.in_bulk(user_ids)
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for user_id in user_ids:
        todo.put(people[user_id])
    start = threading.Barrier(threads + 1)
    lock = threading.Lock()
    durations: list[float] = []
    errors: list[str] = []

    def worker():
        mine, failed = [], []
        try:
            start.wait(timeout=60)
            while True:
                try:
                    user = todo.get_nowait()
                except queue.Empty:
                    break
                started = time.perf_counter()
                try:
                    service_ops.seat_confirm(actor=user, service=service)
                except Exception as error:  # noqa: BLE001 - every failure is reported
                    failed.append(f"{user.email}: {error!r}")
                mine.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()  # this thread's own connection
            with lock:
                durations.extend(mine)
                errors.extend(failed)

    workers = [threading.Thread(target=worker, name=f"seat-{n}") for n in range(threads)]
    for thread in workers:
        thread.start()
    start.wait(timeout=60)
    started = time.perf_counter()
    for thread in workers:
        thread.join()
    return time.perf_counter() - started, durations, errors


# --- The run ---------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    url, label, drop = prepare_database(args.database_url, "bench_proposals.sqlite3")
    # The test settings: locmem e-mail, django-q in sync mode, fast password hashing.
    setup_django(url)
    # One line per inline task (django-q, Wagtail's search and reference index) would bury
    # the results.
    for name in ("django-q", "django_tasks", "wagtail"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Only after main()'s setup_django(): Django configured, the project on the path.
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # "proposals" is now the app: setup_django put the project's root before bench/.
    from shared_services.models import Membership
    from spaces_pages.demo import seed_spaces
    from spaces_pages.models import HomePage

    failed = False
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        migrate_seconds = time.perf_counter() - started

        started = time.perf_counter()
        spaces = seed_spaces(HomePage.objects.get(locale__language_code="it"))
        maker = proposal_maker(spaces)
        maker.add(0, args.small)
        analyze()
        data_seconds = time.perf_counter() - started
        print(
            f"Proposals benchmark on {label}: lists of {args.small:,} and {args.large:,} "
            f"proposals, {args.repeat} requests per URL; {args.seats} seats for "
            f"{args.households:,} households from {args.threads} threads"
        )
        print(f"  migrate: {migrate_seconds:.1f} s")
        print(
            f"  data: {len(spaces)} demo spaces, {POOL:,} people, {args.small:,} proposals "
            f"in {data_seconds:.1f} s"
        )

        timings = {args.small: time_urls(args.repeat)}
        started = time.perf_counter()
        maker.add(args.small, args.large - args.small)
        analyze()
        print(
            f"  data: {args.large - args.small:,} more proposals, {maker.supports:,} households "
            f"joined in all, in {time.perf_counter() - started:.1f} s"
        )
        timings[args.large] = time_urls(args.repeat)
        print(
            f"  the list, {settings.WEMI_PROPOSALS_PER_PAGE} per page: queries per request, "
            "proposals matching, milliseconds per request"
        )
        if not report_list(args.small, args.large, timings):
            print("  FAILED: the queries of a page grew with the number of proposals")
            failed = True

        started = time.perf_counter()
        service = shared_service(spaces[0], args.households, args.seats)
        print(
            f"  seats: {service.seats} seats, {service.memberships.count():,} households "
            f"invited (set up in {time.perf_counter() - started:.1f} s)"
        )
        total, durations, errors = confirm_all(service, args.threads)
        print(
            f"         {len(durations):,} seat_confirm from {args.threads} threads in "
            f"{total:.2f} s, {len(durations) / total:,.0f} confirmations/s; per confirmation: "
            f"p50 {percentile(durations, 0.5):.1f} ms, p95 {percentile(durations, 0.95):.1f} ms, "
            f"max {max(durations, default=0):.1f} ms"
        )
        states = list(service.memberships.values_list("state", flat=True))
        members = states.count(Membership.State.MEMBER)
        waitlisted = states.count(Membership.State.WAITLISTED)
        service.refresh_from_db()
        expected = (args.seats, args.households - args.seats)
        ok = (
            not errors
            and (members, waitlisted) == expected
            and (service.members_count, service.waitlist_count) == expected
        )
        print(
            f"         at the end: {members} members, {waitlisted:,} waitlisted "
            f"(counters {service.members_count}/{service.waitlist_count:,}; expected "
            f"{expected[0]}/{expected[1]:,}), {len(errors)} failed calls: "
            f"{'OK' if ok else 'FAILED'}"
        )
        for error in errors[:5]:
            print(f"         {error}")
        failed |= not ok
    finally:
        connection.close()
        if not args.keep:
            drop()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
