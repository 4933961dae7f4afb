"""PostgreSQL away: the connection of a request is terminated by the server in the middle of
the request (``pg_terminate_backend``, as a restart or a failover does). The visitor gets the
Italian 503 page, the next request is served normally on a new connection, and a write caught
in the middle leaves nothing half-written."""

import threading

import psycopg
import pytest
import requests
from django.db import OperationalError, connection, connections
from django.db.backends.signals import connection_created

from proposals import joins
from proposals.models import Support
from tests.factories import UserFactory
from tests.factories.proposals import ProposalFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="terminating backends is PostgreSQL's"
    ),
]


def _terminate(pid: int) -> None:
    """From a connection of its own, as an administrator or a failover would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


class Killer:
    """Terminates the connection that runs the ``nth`` query matching ``sql_start``, just
    before that query runs, in threads other than the test's own (the live server's)."""

    def __init__(self):
        self.armed = threading.Event()
        self.fired = threading.Event()
        self.test_thread = threading.get_ident()
        self.sql_start = "SELECT"

    def __call__(self, execute, sql, params, many, context):
        if (
            self.armed.is_set()
            and threading.get_ident() != self.test_thread
            and sql.lstrip().upper().startswith(self.sql_start)
        ):
            self.armed.clear()
            _terminate(context["connection"].connection.info.backend_pid)
            self.fired.set()
        return execute(sql, params, many, context)

    def install(self, sender, connection, **kwargs):
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)


@pytest.fixture
def killer():
    kill = Killer()
    connection_created.connect(kill.install)
    yield kill
    connection_created.disconnect(kill.install)


@pytest.fixture(params=[0, 60], ids=["fresh-connections", "persistent-connections"])
def conn_max_age(request, live_server):
    """With persistent connections the dead one must be noticed and replaced by itself
    (CONN_HEALTH_CHECKS); with fresh ones every request opens its own."""
    database = connections.settings["default"]
    before = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = request.param
    yield request.param
    database["CONN_MAX_AGE"] = before
    # One more request, so the live server closes its connection at its end: the test
    # database can then be dropped.
    requests.get(f"{live_server.url}/proposte/", timeout=30)


def test_a_connection_killed_mid_request_is_a_503_page_then_normal_pages(
    live_server, killer, conn_max_age
):
    url = f"{live_server.url}/spazi/"
    assert requests.get(url, timeout=30).status_code == 200

    killer.armed.set()
    response = requests.get(url, timeout=30)
    assert killer.fired.is_set()
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "Servizio temporaneamente non disponibile" in response.text
    assert "Traceback" not in response.text
    health = requests.get(f"{live_server.url}/healthz", timeout=30)
    assert health.status_code in (200, 503)

    for _ in range(3):
        assert requests.get(url, timeout=30).status_code == 200


def test_a_write_cut_off_by_the_database_leaves_nothing_half_written(killer):
    proposal = ProposalFactory()
    resident = UserFactory()
    supports_before = Support.objects.count()
    households_before = proposal.households_count

    # The join inserts the support, then recounts and writes the audit trail: the connection
    # dies at its first UPDATE, after the INSERT was sent.
    killer.test_thread = None
    killer.sql_start = "UPDATE"
    killer.install(None, connection)
    killer.armed.set()
    with pytest.raises(OperationalError):
        joins.proposal_join(actor=resident, proposal=proposal, household_size=2)
    assert killer.fired.is_set()

    connection.close()  # what the next request's start does with an unusable connection
    assert Support.objects.count() == supports_before
    proposal.refresh_from_db()
    assert proposal.households_count == households_before
