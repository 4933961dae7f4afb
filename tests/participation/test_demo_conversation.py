import pytest

from spaces_pages import demo as spaces_demo
from spaces_pages.models import SpacePage
from wemi_community.accounts import demo as accounts_demo
from wemi_community.notifications.models import Notification
from wemi_community.participation.models import Comment

pytestmark = pytest.mark.django_db


def test_demo_space_has_a_conversation_seeded_once():
    accounts_demo.seed()
    spaces_demo.seed()
    # The conversation lives on the Italian page; the English one shows the same.
    space = SpacePage.objects.get(slug=spaces_demo.DEMO_STAFF_SPACE, locale__language_code="it")
    comments = Comment.objects.filter(target_id=space.pk)
    assert comments.count() == 4 and comments.filter(depth=2).count() == 1
    # The neighbour mentions the resident, who is told.
    assert Notification.objects.filter(
        recipient__email=accounts_demo.demo_email("residente"), kind="comment.mention"
    ).exists()
    spaces_demo.seed()
    assert Comment.objects.filter(target_id=space.pk).count() == 4
