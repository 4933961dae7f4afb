"""What another app adds to the proposals goes through ``proposals.extensions``: the proposals
work on their own with nothing registered, and show and do what is registered."""

import pytest

from proposals import extensions


@pytest.fixture
def nothing_registered(monkeypatch):
    monkeypatch.setattr(extensions, "_detail_blocks", [])
    monkeypatch.setattr(extensions, "_mine_blocks", [])
    monkeypatch.setattr(extensions, "_on_closed", [])
    monkeypatch.setattr(extensions, "_hourly", {})


def test_the_shared_services_register_their_blocks():
    assert [block.template for block in extensions._detail_blocks] == [
        "shared_services/includes/proposal_service.html",
        "shared_services/includes/offers.html",
    ]
    assert [block.template for block in extensions._mine_blocks] == [
        "shared_services/includes/my_services.html"
    ]
    assert list(extensions._hourly) == ["invitations_expired"]
    assert len(extensions._on_closed) == 1


def test_with_nothing_registered_the_proposals_stand_alone(nothing_registered):
    assert extensions.detail_blocks(None, object()) == ([], {})
    assert extensions.mine_blocks(None) == ([], {})
    extensions.closed(object())
    assert extensions.run_hourly() == {}


def test_registered_blocks_add_their_templates_and_context(nothing_registered):
    extensions.add_detail_block(
        template="a.html", context=lambda request, proposal: {"seen": proposal}
    )
    extensions.add_detail_block(template="b.html")
    closed = []
    extensions.on_closed(closed.append)
    extensions.add_hourly("done", lambda: 3)

    assert extensions.detail_blocks(None, "proposta") == (
        ["a.html", "b.html"],
        {"seen": "proposta"},
    )
    extensions.closed("proposta")
    assert closed == ["proposta"]
    assert extensions.run_hourly() == {"done": 3}
