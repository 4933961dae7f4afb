"""The whole site with its Redis stopped: the cache, the channel layer and the task queue all
on a Redis of the test's own, which the test stops. Pages answer, a resident signs in and
joins a proposal, and the e-mail that join owes leaves once Redis is back."""

import pytest
from channels.layers import channel_layers
from django.core import mail
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from proposals.models import Support
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.faults.own_redis import queued
from tests.proposals.helpers import published
from tests.spaces.helpers import make_space
from tests.task_cluster import run_the_cluster_once
from wemi_community.core import outbox
from wemi_community.core.models import OutboxTask

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def redis_for_everything(queue_on_own_redis):
    server = queue_on_own_redis
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "wemi_community.core.cache.ResilientRedisCache",
                "LOCATION": server.url,
                "KEY_PREFIX": "wemi-faults",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        },
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [server.url], "prefix": "wemi-faults"},
            }
        },
    ):
        channel_layers.backends.clear()
        yield server
    channel_layers.backends.clear()
    caches["default"].close()


def test_pages_sign_in_and_a_join_with_redis_stopped(redis_for_everything, client):
    server = redis_for_everything
    space = make_space("Spazio WeMi Gorla")
    proposal = published(space=space)
    run_the_cluster_once()  # what publishing queued
    resident = UserFactory(display_name="Famiglia Rossi")
    assert client.get("/").status_code == 200
    mail.outbox.clear()

    server.stop()

    public = [
        "/",
        space.url,
        reverse("proposals:list"),
        proposal.get_absolute_url(),
        reverse("events:list"),
        reverse("volunteering:list"),
        reverse("labs:list"),
        reverse("search") + "?q=baby",
    ]
    for url in public:
        assert client.get(url).status_code == 200, url

    signed_in = client.post(
        reverse("accounts:login"), {"username": resident.email, "password": DEFAULT_PASSWORD}
    )
    assert signed_in.status_code == 302
    for url in (reverse("accounts:profile"), reverse("notifications:list")):
        assert client.get(url).status_code == 200, url

    joined = client.post(reverse("proposals:join", args=[proposal.pk]), {"household_size": 3})
    assert joined.status_code in (200, 302)
    assert Support.objects.filter(proposal=proposal, user=resident).exists()
    waiting = OutboxTask.objects.filter(dispatched_at=None)
    assert waiting.count() == 1
    assert mail.outbox == []

    server.start()
    assert outbox.relay_pending()["pushed"] == 1
    assert len(queued(server)) == 1
    run_the_cluster_once()
    assert [message.to for message in mail.outbox] == [[proposal.author.email]]
    assert outbox.relay_pending()["pushed"] == 0
