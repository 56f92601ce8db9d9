"""The programme's reports as publications: the list, a report (read on the page, downloaded as PDF or DOCX),
its comments, and the coordinator's steps from draft to published."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from torju.accounts.permissions import access
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.programme import services
from torju.programme.documents.common import CONTENT_TYPES, FORMATS, LANGUAGES
from torju.programme.documents.report_layout import write_publication
from torju.programme.forms.publications import PublicationCommentForm, PublicationForm
from torju.programme.models import Publication
from torju.programme.permissions import (
    COMMENT_ON_DRAFTS,
    MANAGE_PROGRAMME,
    READ_PUBLICATIONS,
    can_comment_on_publication,
    is_coordinator,
    visible_publications,
)
from torju.programme.views.common import act, form_page, say_form_errors, user_of
from torju.programme.views.programmes import visible_programme

FIELDS = ("kind", "period_start", "as_of", "summary_fi", "summary_sv", "summary_en", "publisher", "series")


@access(READ_PUBLICATIONS)
def publication_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = visible_programme(request, slug)
    publications = visible_publications(user_of(request), programme.publications.all())
    return render(
        request,
        "programme/publication_list.html",
        {"programme": programme, "publications": publications, "coordinator": is_coordinator(user_of(request))},
    )


@access(MANAGE_PROGRAMME)
def publication_edit(request: HttpRequest, slug: str | None = None, pk: int | None = None) -> HttpResponse:
    publication = get_object_or_404(Publication.objects.select_related("programme"), pk=pk) if pk else None
    programme = publication.programme if publication else visible_programme(request, slug or "")
    initial: dict[str, Any] = (
        {**{name: getattr(publication, name) for name in FIELDS}, "revision": publication.revision}
        if publication
        else {"publisher": _("Ministry of Justice"), "series": programme.publication}
    )
    form = PublicationForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Publication:
        return services.save_publication(
            actor=Actor.from_request(request),
            programme=programme,
            publication=publication,
            data=services.PublicationData(**{name: data[name] for name in FIELDS}),
            revision=data["revision"],
        )

    return form_page(
        request,
        form,
        "programme/publication_form.html",
        {"programme": programme, "publication": publication},
        save=save,
        done=_("The report was saved."),
        then=lambda saved: reverse("programme:publication", args=[saved.pk]),
    )


def _visible(request: HttpRequest, pk: int) -> Publication:
    publications = visible_publications(user_of(request), Publication.objects.select_related("programme"))
    return get_object_or_404(publications, pk=pk)


@access(READ_PUBLICATIONS)
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as its readers read it, in the page's language; its comments and the coordinator's steps."""
    publication = _visible(request, pk)
    user = user_of(request)
    language = translation.get_language() or settings.LANGUAGE_CODE
    content = services.content_of(publication, language if language in LANGUAGES else LANGUAGES[0])
    return render(
        request,
        "programme/publication_detail.html",
        {
            "publication": publication,
            "programme": publication.programme,
            "content": content,
            "labels": content.labels,
            "charts": [(chart, chart.data_uri()) for chart in content.charts],
            "coordinator": is_coordinator(user),
            "comments": publication.comments.select_related("author"),
            "comment_form": PublicationCommentForm() if can_comment_on_publication(user, publication) else None,
            "formats": FORMATS,
            "languages": LANGUAGES,
        },
    )


def rendered(publication: Publication, language: str, fmt: str) -> tuple[bytes, str]:
    """The report as a file, and its name. A frozen report is rendered once and kept (under the data folder):
    its content never changes."""
    if language not in LANGUAGES or fmt not in FORMATS:
        raise Http404
    with translation.override(language):
        name = f"{slugify(publication.get_kind_display())}-{publication.programme.slug}-{publication.as_of}.{fmt}"
    if publication.frozen is None:
        with translation.override(language):
            return write_publication(services.content_of(publication, language), fmt), name
    kept = Path(settings.DATA_DIR) / "publications" / f"{publication.pk}-{language}.{fmt}"
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        with translation.override(language):
            content = write_publication(services.content_of(publication, language), fmt)
        partial = kept.with_suffix(".part")
        partial.write_bytes(content)
        partial.rename(kept)
    return kept.read_bytes(), name


def download(publication: Publication, request: HttpRequest, language: str, fmt: str) -> FileResponse:
    content, name = rendered(publication, language, fmt)
    record(Action.EXPORT, Actor.from_request(request), obj=publication, reason=f"{language}.{fmt}")
    response = FileResponse(iter([content]), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
    add_never_cache_headers(response)
    return response


@access(READ_PUBLICATIONS)
def publication_download(request: HttpRequest, pk: int, language: str, fmt: str) -> FileResponse:
    return download(_visible(request, pk), request, language, fmt)


def _step(request: HttpRequest, pk: int, call: Any, done: str) -> HttpResponse:
    publication = get_object_or_404(Publication, pk=pk)
    return act(
        request,
        lambda: call(actor=Actor.from_request(request), publication=publication),
        done=done,
        back=reverse("programme:publication", args=[pk]),
    )


@access(MANAGE_PROGRAMME)
@require_POST
def publication_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.circulate_publication, _("The report was circulated for comments."))


@access(MANAGE_PROGRAMME)
@require_POST
def publication_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.approve_publication, _("The report was approved: its content is frozen."))


@access(MANAGE_PROGRAMME)
@require_POST
def publication_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.publish_publication, _("The report was published on the progress pages."))


@access(COMMENT_ON_DRAFTS)
@require_POST
def publication_comment(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _visible(request, pk)
    form = PublicationCommentForm(request.POST)
    back = reverse("programme:publication", args=[pk]) + "#comments"
    if not form.is_valid():
        say_form_errors(request, form)
        return redirect(back)
    return act(
        request,
        lambda: services.comment_on_publication(
            actor=Actor.from_request(request), publication=publication, text=form.cleaned_data["text"]
        ),
        done=_("Your comment was saved."),
        back=back,
    )
