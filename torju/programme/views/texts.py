"""The coordinator's pages for a plan's texts in Finnish, Swedish and English."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.concurrency import EditConflictError
from torju.programme import services
from torju.programme.forms.common import show_refusal
from torju.programme.forms.plans import MeasureTextsForm, ObjectiveTextsForm
from torju.programme.models import Measure, Objective
from torju.programme.permissions import MANAGE_PROGRAMME
from torju.programme.services.texts import MEASURE_TEXTS, OBJECTIVE_TEXTS
from torju.programme.views.common import programme_or_404


def _initial(instance: Measure | Objective, names: tuple[str, ...]) -> dict[str, Any]:
    return {**{name: getattr(instance, name) for name in names}, "revision": instance.revision}


@access(MANAGE_PROGRAMME)
def measure_texts(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = programme_or_404(slug)
    measure = get_object_or_404(Measure, programme=programme, number=number)
    form = MeasureTextsForm(request.POST or None, initial=_initial(measure, MEASURE_TEXTS))
    context: dict[str, Any] = {"programme": programme, "form": form, "measure": measure}
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_measure_texts(
                actor=Actor.from_request(request),
                measure=measure,
                texts=form.cleaned_data,
                revision=form.cleaned_data["revision"],
            )
        except EditConflictError as conflict:
            return _conflict(request, context, MeasureTextsForm, conflict, MEASURE_TEXTS)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The texts were saved."))
            return redirect("programme:measure", slug=slug, number=number)
    return render(request, "programme/texts_form.html", context, status=400 if request.method == "POST" else 200)


@access(MANAGE_PROGRAMME)
def objective_texts(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = programme_or_404(slug)
    objective = get_object_or_404(Objective, programme=programme, number=number)
    form = ObjectiveTextsForm(request.POST or None, initial=_initial(objective, OBJECTIVE_TEXTS))
    context: dict[str, Any] = {"programme": programme, "form": form, "objective": objective}
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_objective_texts(
                actor=Actor.from_request(request),
                objective=objective,
                texts=form.cleaned_data,
                revision=form.cleaned_data["revision"],
            )
        except EditConflictError as conflict:
            return _conflict(request, context, ObjectiveTextsForm, conflict, OBJECTIVE_TEXTS)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The texts were saved."))
            return redirect("programme:detail", slug=slug)
    return render(request, "programme/texts_form.html", context, status=400 if request.method == "POST" else 200)


def _conflict(
    request: HttpRequest,
    context: dict[str, Any],
    form_class: type[MeasureTextsForm] | type[ObjectiveTextsForm],
    conflict: EditConflictError,
    names: tuple[str, ...],
) -> HttpResponse:
    """The user's texts again beside the ones saved meanwhile; saving again keeps the user's."""
    data = request.POST.copy()
    data["revision"] = str(conflict.current.revision)
    saved = [(context["form"][name].label, getattr(conflict.current, name)) for name in names]
    return render(
        request, "programme/texts_form.html", {**context, "form": form_class(data), "saved": saved}, status=409
    )
