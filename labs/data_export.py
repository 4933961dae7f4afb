"""The person's part in listening-action labs, for "download my data": where they took
part and under which nickname, the needs they wrote (the anonymous ones too: they are
theirs, marked ``anonymous``), their "me too", votes and ratings, the labs they asked for
and the ones they facilitate. Other participants' needs and names stay out: a "me too"
names the need by its number only."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wemi_community.accounts.personal_data import plain

from .models import Evaluation, Facilitator, Lab, MeToo, Need, Participant, PollVote

TABLES = {
    "labs_participations": _("The labs you took part in"),
    "labs_needs": _("The needs you wrote in labs, anonymous ones included"),
    "labs_me_too": _("The needs you added “me too” to"),
    "labs_votes": _("Your votes in the labs' polls"),
    "labs_evaluations": _("Your ratings of labs"),
    "labs_requested": _("The labs you asked a space for"),
    "labs_facilitated": _("The labs you facilitate"),
}

COLUMNS = {
    "lab": _("Lab"),
    "nickname": _("Your nickname in the lab"),
    "joined_at": _("When you joined"),
    "as_guest": _("Whether you joined as a guest (without an account)"),
    "claimed_at": _("When you attached a guest participation to your account"),
    "need_id": _("The need's number"),
    "text": _("What you wrote"),
    "category": _("Service category"),
    "anonymous": _("Whether you asked to stay anonymous to the other participants"),
    "me_too": _("How many people said “me too”"),
    "theme": _("Theme the facilitators grouped it into"),
    "hidden_at": _("When the moderation hid it"),
    "question": _("Question of the poll"),
    "option": _("Your choice"),
    "rating": _("Your rating (1–5)"),
    "comment": _("Your comment"),
    "phase": _("Phase of the lab"),
}


def export(user) -> dict[str, list[dict]]:
    participations = list(
        Participant.objects.filter(user=user).select_related("lab").order_by("joined_at", "pk")
    )
    participant_ids = [p.pk for p in participations]
    needs = (
        Need.objects.filter(Q(participant_id__in=participant_ids) | Q(author=user))
        .select_related("lab", "category", "theme")
        .order_by("created_at", "pk")
    )
    me_toos = (
        MeToo.objects.filter(participant_id__in=participant_ids)
        .select_related("need__lab")
        .order_by("created_at", "pk")
    )
    votes = (
        PollVote.objects.filter(participant_id__in=participant_ids)
        .select_related("poll__lab", "option")
        .order_by("created_at", "pk")
    )
    evaluations = (
        Evaluation.objects.filter(participant_id__in=participant_ids)
        .select_related("lab")
        .order_by("created_at", "pk")
    )
    return {
        "labs_participations": [
            {
                "lab": p.lab.title,
                "nickname": p.nickname,
                "joined_at": plain(p.joined_at),
                "as_guest": p.claimed_at is not None,
                "claimed_at": plain(p.claimed_at),
            }
            for p in participations
        ],
        "labs_needs": [
            {
                "need_id": n.pk,
                "lab": n.lab.title,
                "text": n.text,
                "category": n.category.name if n.category_id else "",
                "anonymous": n.anonymous,
                "me_too": n.me_too_count,
                "theme": n.theme.title if n.theme_id else "",
                "created_at": plain(n.created_at),
                "hidden_at": plain(n.hidden_at),
            }
            for n in needs
        ],
        "labs_me_too": [
            {"need_id": m.need_id, "lab": m.need.lab.title, "created_at": plain(m.created_at)}
            for m in me_toos
        ],
        "labs_votes": [
            {
                "lab": v.poll.lab.title,
                "question": v.poll.question,
                "option": v.option.label,
                "created_at": plain(v.created_at),
            }
            for v in votes
        ],
        "labs_evaluations": [
            {
                "lab": e.lab.title,
                "rating": e.rating,
                "comment": e.comment,
                "created_at": plain(e.created_at),
                "updated_at": plain(e.updated_at),
            }
            for e in evaluations
        ],
        "labs_requested": [
            {"lab": lab.title, "phase": lab.phase, "created_at": plain(lab.created_at)}
            for lab in Lab.objects.filter(requested_by=user).order_by("created_at", "pk")
        ],
        "labs_facilitated": [
            {"lab": f.lab.title, "since": plain(f.created_at)}
            for f in Facilitator.objects.filter(user=user)
            .select_related("lab")
            .order_by("created_at", "pk")
        ],
    }
