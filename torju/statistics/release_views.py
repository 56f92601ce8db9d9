"""The releases of the statistics for those who make them: the list, proposing a year's review, approving.

Analysts propose the annual review of an ended year; another analyst or a
coordinator approves it after seeing what disclosure control withheld and
why (the exact counts only for analysts), and may release a withheld figure
with a stated reason. The rules are in torju.statistics.services.
"""

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.statistics import selectors, services
from torju.statistics.models import Release, ReleaseStatus
from torju.statistics.permissions import PROPOSE_RELEASE, WORK_ON_RELEASES, may_approve_release, may_see_exact
from torju.statistics.release_content import content_of
from torju.statistics.review import build_review
from torju.statistics.review.builder import figure_label
from torju.statistics.schema import FIRST_YEAR


def _reason_label(reason: str) -> str:
    labels = {
        "under_k": _("from 1 to k−1 persons"),
        "other_under_k": _("merged so that other countries is not under k"),
        "difference": _("differs from the new clients' count by 1 to k−1"),
        "merged_in_whole": _("merged among the new clients, so among those exploited in Finland too"),
        "attacker": _("the published figures would give a count from 1 to k−1"),
        "secondary": _("withheld so that another withheld cell cannot be worked out"),
        "margins": _("the totals alone would give the cells away"),
        "changed": _("changed by 1 to k−1 from the earlier release"),
    }
    return labels.get(reason, reason)


def _ended_years() -> list[int]:
    current = selectors.current_year()
    first = selectors.first_year_with_data() or current
    return list(range(current - 1, max(first, FIRST_YEAR) - 1, -1))


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


@access(WORK_ON_RELEASES)
def releases(request: HttpRequest, errors: dict[str, list[str]] | None = None) -> HttpResponse:
    return render(
        request,
        "statistics/releases.html",
        {
            "releases": Release.objects.select_related("proposed_by", "approved_by").order_by("-proposed_at"),
            "ended_years": _ended_years(),
            "may_propose": PROPOSE_RELEASE.allows(request.user),
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@access(PROPOSE_RELEASE)
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    """Propose the annual review of the year given; its page shows it to the approver."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        return releases(request, errors={"year": [_("Choose a year.")]})
    try:
        release = services.propose_annual_review(
            Actor.from_request(request), year, correction_note=request.POST.get("correction_note", "")
        )
    except ValidationError as error:
        return releases(request, errors=error.message_dict)
    return redirect("statistics:release", release.pk)


@access(WORK_ON_RELEASES)
def release(request: HttpRequest, pk: int, errors: dict[str, list[str]] | None = None) -> HttpResponse:
    found = get_object_or_404(Release.objects.select_related("proposed_by", "approved_by", "replaces"), pk=pk)
    exact = may_see_exact(request.user)
    withheld = [
        {
            "key": item["key"],
            "label": figure_label(str(item["key"])),
            "reason": _reason_label(str(item["reason"])),
            "value": item["value"] if exact else None,
        }
        for item in json.loads(found.withheld)
    ]
    review = build_review(services.review_statistics_of(found)) if found.kind == "annual_review" else None
    may_approve = (
        found.status == ReleaseStatus.PROPOSED
        and may_approve_release(request.user, found.kind)
        and found.proposed_by_id != request.user.pk
    )
    return render(
        request,
        "statistics/release.html",
        {
            "release": found,
            "review": review,
            "withheld": withheld,
            "changes": json.loads(found.changes),
            "may_approve": may_approve,
            "may_withdraw": found.status == ReleaseStatus.PROPOSED
            and (found.proposed_by_id == request.user.pk or may_approve_release(request.user, found.kind)),
            "released": content_of(found)["released"],
            "errors": errors or {},
        },
        status=400 if errors else 200,
    )


@access(WORK_ON_RELEASES)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve and publish; each withheld figure ticked is released with the reason typed beside it."""
    found = get_object_or_404(Release, pk=pk)
    released = {key: request.POST.get(f"reason:{key}", "") for key in request.POST.getlist("release")}
    try:
        services.approve_release(Actor.from_request(request), found, released=released)
    except ValidationError as error:
        return release(request, pk, errors=_errors(error))
    return redirect("public_statistics:release", found.pk)


@access(WORK_ON_RELEASES)
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Release, pk=pk)
    try:
        services.withdraw_release(Actor.from_request(request), found)
    except ValidationError as error:
        return release(request, pk, errors=_errors(error))
    return redirect("statistics:releases")
