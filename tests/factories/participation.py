"""Comments and reports, made through the participation services."""

from __future__ import annotations

import factory

from wemi_community.participation.comments import comment_post
from wemi_community.participation.models import Comment, Report
from wemi_community.participation.moderation import report_submit

from . import UserFactory


class CommentFactory(factory.Factory):
    """A comment on ``target`` (any registered participatory object)."""

    class Meta:
        model = Comment

    target = None
    author = factory.SubFactory(UserFactory)
    text = "Un commento qualsiasi"

    @classmethod
    def _create(cls, model_class, *, target, author, text):
        return comment_post(actor=author, target=target, text=text)


class ReportFactory(factory.Factory):
    class Meta:
        model = Report

    content = None
    reporter = factory.SubFactory(UserFactory)
    reason = Report.Reason.SPAM

    @classmethod
    def _create(cls, model_class, *, content, reporter, reason):
        return report_submit(actor=reporter, content=content, reason=reason)
