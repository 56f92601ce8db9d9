"""The auditor's view of the audit trail, and its CSV export. Each reading is itself in the trail."""

import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.audit.forms import AuditFilterForm
from torju.audit.models import Action, AuditEvent
from torju.audit.permissions import READ_AUDIT_TRAIL
from torju.audit.selectors import AuditFilter, audit_events, audit_rows
from torju.audit.services import record_reading
from torju.documents.tabular import csv_response

PAGE_SIZE = 50


@access(READ_AUDIT_TRAIL)
def audit_trail(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    page = None
    rows = []
    if not request.GET or form.is_valid():
        criteria = form.criteria() if request.GET else AuditFilter()
        page = Paginator(audit_events(criteria), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = audit_rows(page, request.user)
        record_reading(Actor.from_request(request), Action.VIEW, criteria, page=page.number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_trail.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
        status=200 if page is not None else 400,
    )


def _csv_rows(events: Iterator[AuditEvent]) -> Iterator[list[Any]]:
    for event in events:
        yield [
            timezone.localtime(event.at).isoformat(),
            event.actor_username,
            event.action,
            event.object_type,
            event.object_id,
            event.reason,
            event.ip_address,
            event.path,
            "1" if event.flagged else "0",
            "" if event.changes is None else json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
        ]


@access(READ_AUDIT_TRAIL)
def audit_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "audit/audit_trail.html", {"form": form, "page": None, "query": ""}, status=400)
    criteria = form.criteria() if request.GET else AuditFilter()
    record_reading(Actor.from_request(request), Action.EXPORT, criteria)
    header = [
        _("time"),
        _("user name"),
        _("action"),
        _("object type"),
        _("object id"),
        _("reason"),
        _("IP address"),
        _("address"),
        _("flagged"),
        _("changes"),
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return csv_response(f"torju-audit-{stamp}.csv", header, _csv_rows(audit_events(criteria).iterator(chunk_size=2000)))
