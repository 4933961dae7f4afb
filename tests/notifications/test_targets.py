"""A notification leads to its target's page through the resolvers the apps above register."""

from wemi_community.notifications import targets
from wemi_community.participation.apps import ParticipationConfig


class Thing:
    def __init__(self, pk):
        self.pk = pk

    def get_absolute_url(self):
        return f"/cose/{self.pk}/"


def test_the_first_resolver_that_knows_the_target_answers(monkeypatch):
    monkeypatch.setattr(targets, "_resolvers", [])
    targets.register_url_resolver(lambda target: None)
    targets.register_url_resolver(lambda target: f"/proposte/{target.pk}/")
    assert targets.url_of(Thing(7)) == "/proposte/7/"


def test_without_a_resolver_the_target_gives_its_own_address(monkeypatch):
    monkeypatch.setattr(targets, "_resolvers", [])
    targets.register_url_resolver(lambda target: None)
    assert targets.url_of(Thing(3)) == "/cose/3/"
    assert targets.url_of(None) == ""


def test_the_participation_core_is_registered():
    assert any(
        resolver.__qualname__.startswith(ParticipationConfig.ready.__qualname__)
        for resolver in targets._resolvers
    )
