"""The register's front page: the work lists, with search and filters in the URL."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import Role
from torju.accounts.permissions import access, has_role
from torju.actor import Actor
from torju.register import selectors
from torju.register.forms import ApplicationFilterForm
from torju.register.permissions import USE_REGISTER, registers_applications
from torju.register.views.common import PAGE_SIZE, signed_in_user


def _work_list_titles() -> list[tuple[str, str]]:
    # Translated when the page is rendered, in the user's language.
    titles = {
        selectors.WorkList.MINE: _("My cases"),
        selectors.WorkList.UNDECIDED: _("Waiting for a decision"),
        selectors.WorkList.TO_CONFIRM: _("Waiting for confirmation"),
        selectors.WorkList.REFLECTION_ENDING: _("Reflection periods ending in 14 days"),
        selectors.WorkList.NO_RECENT_SERVICE: _("No service in 90 days"),
        selectors.WorkList.ALL: _("All cases"),
    }
    return [(name, titles[name]) for name in selectors.WorkList.CHOICES]


@access(USE_REGISTER)
def home(request: HttpRequest) -> HttpResponse:
    """The work lists, with search and filters in the URL."""
    user = signed_in_user(request)
    default = selectors.WorkList.TO_CONFIRM if has_role(user, Role.DECISION_MAKER) else selectors.WorkList.MINE
    name = request.GET.get("list", default)
    if name not in selectors.WorkList.CHOICES:
        name = default
    form = ApplicationFilterForm(request.GET or None)
    applications = selectors.filter_applications(
        selectors.work_list(Actor.from_request(request), name, today=timezone.localdate()), form.criteria()
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "register/home.html",
        {
            "lists": _work_list_titles(),
            "current_list": name,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_register": registers_applications(Actor.from_request(request)),
        },
    )
