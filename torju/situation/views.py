"""The coordinator's pages of the situational picture: the authorities' figures (upload, type in, history), the
mappings of Statistics Finland's tables, and the drafts of the picture (write, propose, approve).

Thin: each view parses input and calls torju.situation.services, showing a
refusal's messages; the rules are in the services.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.codes.selectors import labels
from torju.concurrency import EditConflictError
from torju.situation import selectors, services
from torju.situation.importing import Reading, check_row, read_file
from torju.situation.models import SECTION_KEYS, DimensionMapping, JusticeFigure, PictureStatus, SituationalPicture
from torju.situation.permissions import MANAGE_SITUATION, READ_SITUATION
from torju.statistics.selectors import current_year

UPLOAD_MAX = 20 * 1024 * 1024
LANGUAGES = (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))


def _messages(error: ValidationError) -> list[str]:
    return error.messages


@access(READ_SITUATION)
def figures(request: HttpRequest, errors: list[str] | None = None) -> HttpResponse:
    page = Paginator(selectors.figures(), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "situation/figures.html",
        {
            "page": page,
            "labels": {name: labels(name) for name in ("justice_stage", "offence", "court")},
            "mappings": selectors.mappings(),
            "may_manage": MANAGE_SITUATION.allows(request.user),
            "errors": errors or [],
        },
        status=400 if errors else 200,
    )


def _imported(request: HttpRequest, reading: Reading, name: str) -> HttpResponse:
    try:
        result = services.import_figures(Actor.from_request(request), reading, file_name=name)
    except ValidationError as error:
        return figures(request, errors=_messages(error))
    messages.success(
        request,
        _("%(name)s: %(created)s figures added, %(revised)s revised, %(unchanged)s unchanged.")
        % {"name": name, "created": result.created, "revised": result.revised, "unchanged": result.unchanged},
    )
    return redirect("situation:figures")


@access(MANAGE_SITUATION)
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """A CSV of the spec, or a JSON-stat or PX file with the mapping chosen; all or nothing."""
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return figures(request, errors=[_("Choose a file.")])
    if uploaded.size is not None and uploaded.size > UPLOAD_MAX:
        return figures(request, errors=[_("The file is larger than %(max)s MB.") % {"max": UPLOAD_MAX // 2**20}])
    mapping = None
    if request.POST.get("mapping"):
        mapping = DimensionMapping.objects.filter(pk=request.POST["mapping"]).first()
        if mapping is None:
            return figures(request, errors=[_("Choose a saved mapping.")])
    return _imported(request, read_file(uploaded.name or "", uploaded.read(), mapping), uploaded.name or "")


@access(MANAGE_SITUATION)
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    """One figure typed in, checked as a file's row is."""
    reading = Reading()
    check_row({name: request.POST.get(name, "") for name in request.POST}, _("the form"), reading)
    return _imported(request, reading, _("the form"))


@access(READ_SITUATION)
def history(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(JusticeFigure, pk=pk)
    return render(request, "situation/history.html", {"figure": figure, "revisions": figure.revisions.all()})


def _pairs(text: str) -> dict[str, str]:
    """ "year=Vuosi, offence=Rikosnimike" as a dictionary."""
    found = {}
    for part in text.replace("\n", ",").split(","):
        if "=" in part:
            key, _sep, value = part.partition("=")
            found[key.strip()] = value.strip()
    return found


@access(MANAGE_SITUATION)
def mappings(request: HttpRequest) -> HttpResponse:
    """The saved mappings; POST saves one (dimensions, fixed values and codes as `name=value` lists)."""
    errors: list[str] = []
    if request.method == "POST":
        codes = {}
        for line in request.POST.get("codes", "").splitlines():
            key, _sep, pairs = line.partition(":")
            if pairs.strip():
                codes[key.strip()] = _pairs(pairs)
        try:
            services.save_mapping(
                Actor.from_request(request),
                name=request.POST.get("name", "").strip(),
                fmt=request.POST.get("fmt", ""),
                source=request.POST.get("source", "").strip(),
                dimensions=_pairs(request.POST.get("dimensions", "")),
                fixed=_pairs(request.POST.get("fixed", "")),
                codes=codes,
                description=request.POST.get("description", "").strip(),
            )
        except ValidationError as error:
            errors = _messages(error)
        else:
            return redirect("situation:mappings")
    return render(
        request,
        "situation/mappings.html",
        {"mappings": selectors.mappings(), "errors": errors},
        status=400 if errors else 200,
    )


@access(MANAGE_SITUATION)
def pictures(request: HttpRequest) -> HttpResponse:
    """The drafts and published pictures; POST starts a draft of the years given."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            picture = services.draft_picture(
                Actor.from_request(request),
                int(request.POST.get("first_year", "0")),
                int(request.POST.get("last_year", "0")),
            )
        except ValueError:
            errors = [_("Give the first and the last year.")]
        except ValidationError as error:
            errors = _messages(error)
        else:
            return redirect("situation:picture", picture.pk)
    last = current_year() - 1
    return render(
        request,
        "situation/pictures.html",
        {"pictures": selectors.pictures(), "errors": errors, "first_year": last - 9, "last_year": last},
        status=400 if errors else 200,
    )


@access(MANAGE_SITUATION)
def picture(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's sections in three languages; its proposal and approval."""
    found = get_object_or_404(SituationalPicture, pk=pk)
    errors: list[str] = []
    actor = Actor.from_request(request)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                sections = {
                    key: {language: request.POST.get(f"{key}:{language}", "") for language, _name in LANGUAGES}
                    for key in SECTION_KEYS
                }
                services.save_sections(actor, found, sections, revision=int(request.POST.get("revision", "0")))
                messages.success(request, _("Saved."))
            elif action == "propose":
                services.propose_picture(actor, found)
            elif action == "approve":
                release = services.approve_picture(actor, found)
                return redirect("public_statistics:release", release.pk)
            return redirect("situation:picture", found.pk)
        except EditConflictError:
            errors = [
                _("Someone else saved the picture after you opened it. Nothing was saved: reload and write again.")
            ]
        except ValidationError as error:
            errors = _messages(error)
        found.refresh_from_db()
    headings = {
        "assistance_system": _("The Assistance System for Victims of Human Trafficking"),
        "police": _("The view of the police"),
        "prosecution": _("The view of the prosecution service"),
        "courts": _("The view of the courts"),
        "conclusions": _("Conclusions"),
    }
    return render(
        request,
        "situation/picture.html",
        {
            "picture": found,
            "sections": [
                (
                    key,
                    headings[key],
                    [(language, name, found.sections.get(key, {}).get(language, "")) for language, name in LANGUAGES],
                )
                for key in SECTION_KEYS
            ],
            "is_draft": found.status == PictureStatus.DRAFT,
            "may_approve": found.status == PictureStatus.PROPOSED and found.proposed_by_id != request.user.pk,
            "errors": errors,
        },
        status=400 if errors else 200,
    )
