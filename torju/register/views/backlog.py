"""The decision makers' backlog: undecided applications by age, past the target, waiting, and time to decide."""

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.register import backlog
from torju.register.permissions import SEE_BACKLOG
from torju.register.selectors import PENDING, WorkList
from torju.register.views.work_lists import rows_of

WAITING_SHOWN = 100  # the longest waiting; more than this many waiting at once would be a backlog of its own


@access(SEE_BACKLOG)
def backlog_page(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    today = timezone.localdate()
    target = backlog.decision_target_days()
    bands = backlog.by_age(actor, today)
    past_target = backlog.past_target(actor, today, target)
    waiting = backlog.waiting_for_information(actor)
    # All of those past the target in the work list of all cases, the longest waiting first.
    past_target_list = urlencode(
        {
            "list": WorkList.ALL,
            "decision": PENDING,
            "received_until": (today - timedelta(days=target + 1)).isoformat(),
            "sort": "-days_waiting",
        }
    )
    return render(
        request,
        "register/backlog.html",
        {
            "bands": bands,
            "undecided": sum(band.applications for band in bands),
            "undecided_waiting": sum(band.waiting for band in bands),
            "target_days": target,
            "past_target_count": past_target.count(),
            "past_target": rows_of(past_target[: backlog.PAST_TARGET_SHOWN], today),
            "past_target_shown": backlog.PAST_TARGET_SHOWN,
            "past_target_list": past_target_list,
            "waiting": rows_of(waiting[:WAITING_SHOWN], today),
            "waiting_shown": WAITING_SHOWN,
            "medians": backlog.median_days_to_decision(actor, today),
        },
    )
