"""The register's front page: the work lists, with their sizes, search and filters, order and pages in the URL."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import Role
from torju.accounts.permissions import access, has_role
from torju.actor import Actor
from torju.register import selectors
from torju.register.forms import ApplicationFilterForm
from torju.register.models import Application, WaitingForInformation
from torju.register.paging import PAGE_SIZES, TwoWayPaginator, page_size_of, pager_links
from torju.register.permissions import SEE_BACKLOG, USE_REGISTER, registers_applications
from torju.register.views.common import signed_in_user


def _work_list_titles() -> dict[str, str]:
    # Translated when the page is rendered, in the user's language.
    titles = {
        selectors.WorkList.MINE: _("My cases"),
        selectors.WorkList.UNDECIDED: _("Waiting for a decision"),
        selectors.WorkList.TO_CONFIRM: _("Waiting for confirmation"),
        selectors.WorkList.REFLECTION_ENDING: _("Reflection periods ending in 14 days"),
        selectors.WorkList.NO_RECENT_SERVICE: _("No service in 90 days"),
        selectors.WorkList.ALL: _("All cases"),
    }
    return {name: titles[name] for name in selectors.WorkList.CHOICES}


@dataclass(frozen=True)
class Tab:
    name: str
    title: str
    count: int
    more: bool  # more than the count shown (selectors.TAB_COUNT_LIMIT)


@dataclass(frozen=True)
class Column:
    """A column header; a sortable one links to its order, the other way round when it is the current one."""

    title: str
    sort: str = ""  # the selectors.SORTS column, if sortable in this list
    aria_sort: str = ""  # "ascending" or "descending" on the column the list is sorted by
    href: str = ""


@dataclass(frozen=True)
class Row:
    application: Application
    days_waiting: int | None  # days since received, while undecided
    waiting: WaitingForInformation | None  # while undecided


def rows_of(applications: Iterable[Application], today: date) -> list[Row]:
    rows = []
    for application in applications:
        days_waiting = None if application.decision else (today - application.received_on).days
        rows.append(Row(application, days_waiting, selectors.waiting_of(application)))
    return rows


def _with(query: QueryDict, **values: object) -> str:
    changed = query.copy()
    changed.pop("page", None)
    for name, value in values.items():
        changed[name] = str(value)
    return changed.urlencode()


def _columns(name: str, order: selectors.Sort, query: QueryDict) -> list[Column]:
    allowed = selectors.LIST_SORTS[name]
    columns = []
    for title, sort in (
        (_("Case number"), "case_number"),
        (_("Person"), ""),
        (_("Received on"), "received_on"),
        (_("Days waiting"), "days_waiting"),
        (_("Office"), ""),
        (_("Decision"), "decided_on"),
        (_("Assigned to"), ""),
    ):
        if sort not in allowed:
            columns.append(Column(title))
        elif sort == order.column:
            direction = "descending" if order.descending else "ascending"
            columns.append(Column(title, sort, direction, _with(query, sort=order.reversed().parameter)))
        else:
            columns.append(Column(title, sort, href=_with(query, sort=sort)))
    return columns


def _tabs(actor: Actor, current: str, current_count: int | None, today: date) -> list[Tab]:
    """Each list's size on its tab; the list shown unfiltered has its exact size from the pager already."""
    known = {current: current_count} if current_count is not None else {}
    names = [name for name in selectors.WorkList.CHOICES if name not in known]
    counts = selectors.work_list_counts(actor, names, today=today)
    limit = selectors.TAB_COUNT_LIMIT
    return [
        Tab(name, title, known[name], more=False)
        if name in known
        else Tab(name, title, min(counts[name], limit), more=counts[name] > limit)
        for name, title in _work_list_titles().items()
    ]


@access(USE_REGISTER)
def home(request: HttpRequest) -> HttpResponse:
    """The work lists, with search and filters in the URL."""
    user = signed_in_user(request)
    actor = Actor.from_request(request)
    today = timezone.localdate()
    default = selectors.WorkList.TO_CONFIRM if has_role(user, Role.DECISION_MAKER) else selectors.WorkList.MINE
    name = request.GET.get("list", default)
    if name not in selectors.WorkList.CHOICES:
        name = default
    order = selectors.sort_of(name, request.GET.get("sort"))
    size = page_size_of(request.GET.get("size"))
    form = ApplicationFilterForm(request.GET or None)
    criteria = form.criteria()
    applications = selectors.filter_applications(selectors.work_list(actor, name, today=today, sort=order), criteria)
    unfiltered = criteria == selectors.ApplicationFilter()
    known_size = selectors.all_cases_size(actor) if unfiltered and name == selectors.WorkList.ALL else None
    page = TwoWayPaginator(applications, size, size=known_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/home.html",
        {
            "tabs": _tabs(actor, name, page.paginator.count if unfiltered else None, today),
            "tab_query": f"&size={size}" if "size" in request.GET else "",
            "current_list": name,
            "current_title": _work_list_titles()[name],
            "form": form,
            "page": page,
            "pager_links": pager_links(page),
            "query": query.urlencode(),
            "sort": order.parameter if "sort" in request.GET else "",
            "size": size if "size" in request.GET else "",
            "page_sizes": [(choice, _with(query, size=choice)) for choice in PAGE_SIZES],
            "page_size": size,
            "columns": _columns(name, order, query),
            "rows": rows_of(page, today),
            "can_register": registers_applications(actor),
            "sees_backlog": SEE_BACKLOG.allows(user),
        },
    )
