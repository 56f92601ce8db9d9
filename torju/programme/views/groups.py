"""The coordinator's pages for the groups that follow a plan and their members."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.programme import services
from torju.programme.forms.common import show_refusal
from torju.programme.forms.meetings import GroupForm, MembershipForm
from torju.programme.models import GroupMembership, ProgrammeGroup
from torju.programme.permissions import MANAGE_PROGRAMME
from torju.programme.views.common import act, form_page, programme_or_404

GROUP_FIELDS = ("kind", "name_fi", "name_sv", "name_en")


@access(MANAGE_PROGRAMME)
def group_list(request: HttpRequest) -> HttpResponse:
    groups = ProgrammeGroup.objects.select_related("programme").prefetch_related("memberships__user")
    return render(request, "programme/group_list.html", {"groups": groups.order_by("programme", "kind", "name_fi")})


@access(MANAGE_PROGRAMME)
def group_edit(request: HttpRequest, slug: str | None = None, pk: int | None = None) -> HttpResponse:
    group = get_object_or_404(ProgrammeGroup.objects.select_related("programme"), pk=pk) if pk else None
    programme = group.programme if group else programme_or_404(slug or "")
    form = GroupForm(
        request.POST or None, initial={name: getattr(group, name) for name in GROUP_FIELDS} if group else {}
    )

    def save(data: dict[str, Any]) -> ProgrammeGroup:
        return services.save_group(
            actor=Actor.from_request(request),
            programme=programme,
            group=group,
            data=services.GroupData(**{name: data[name] for name in GROUP_FIELDS}),
        )

    return form_page(
        request,
        form,
        "programme/group_form.html",
        {"programme": programme, "group": group},
        save=save,
        done=_("The group was saved."),
        then=lambda saved: reverse("programme:group", args=[saved.pk]),
    )


@access(MANAGE_PROGRAMME)
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(ProgrammeGroup.objects.select_related("programme"), pk=pk)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(
                actor=Actor.from_request(request),
                group=group,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return act(
                request, lambda: None, done=_("The member was added."), back=reverse("programme:group", args=[pk])
            )
    return render(
        request,
        "programme/group_detail.html",
        {
            "group": group,
            "memberships": group.memberships.select_related("user__organisation"),
            "meetings": group.meetings.order_by("-date"),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@access(MANAGE_PROGRAMME)
@require_POST
def member_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_object_or_404(GroupMembership.objects.select_related("user"), pk=membership_pk, group_id=pk)
    return act(
        request,
        lambda: services.remove_member(actor=Actor.from_request(request), membership=membership),
        done=_("The member was removed from the group."),
        back=reverse("programme:group", args=[pk]),
    )
