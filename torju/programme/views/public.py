"""The public progress pages (no sign-in): a published plan's progress per objective with its charts, each
measure's page with its latest public status text and indicators, and the reports the coordinator published;
everything in the visitor's language, the plan's untranslated texts marked as Finnish."""

from collections import Counter
from datetime import datetime

from django.db.models import Max
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from torju.accounts.permissions import PUBLIC, access
from torju.programme import figures, selectors, services
from torju.programme.documents.common import FORMATS, LANGUAGES
from torju.programme.models import Programme, Publication, PublicationState, StatusReportVersion
from torju.programme.views.publications import download


def _published(slug: str) -> Programme:
    return get_object_or_404(selectors.published_programmes(), slug=slug)


def _last_updated(**lookup: object) -> datetime | None:
    """When the newest report behind the page was submitted."""
    latest: datetime | None = StatusReportVersion.objects.filter(**lookup).aggregate(latest=Max("submitted_at"))[
        "latest"
    ]
    return latest


@access(PUBLIC)
def public_progress_index(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/public/index.html", {"programmes": selectors.published_programmes()})


@access(PUBLIC)
def public_progress(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _published(slug)
    rows = selectors.progress(programme)
    objectives = [
        (objective, measures, figures.status_by_body(measures) if measures else None)
        for objective, measures in selectors.by_objective(programme, rows)
    ]
    charts = [figures.status_by_objective(rows, [objective for objective, _rows, _chart in objectives])]
    return render(
        request,
        "programme/public/progress.html",
        {
            "programme": programme,
            "objectives": [
                (objective, measures, Counter(row.status for row in measures)) for objective, measures, _ in objectives
            ],
            "counts": selectors.status_counts(rows),
            "statuses": selectors.status_columns(),
            "charts": [(chart, chart.data_uri()) for chart in charts if not chart.empty],
            "last_updated": _last_updated(report__measure__programme=programme),
            "publications": programme.publications.filter(state=PublicationState.PUBLISHED).order_by("-as_of"),
        },
    )


@access(PUBLIC)
def public_measure(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = _published(slug)
    measure = get_object_or_404(selectors.measures_of(programme), number=number)
    [row] = [row for row in selectors.progress(programme) if row.measure.pk == measure.pk]
    values = {item.indicator.pk: item for item in selectors.indicator_progress(programme)}
    return render(
        request,
        "programme/public/measure.html",
        {
            "programme": programme,
            "measure": measure,
            "row": row,
            "public_texts": [version for version in row.versions if version.public_summary],
            "indicators": [values[indicator.pk] for indicator in measure.indicators.all()],
            "milestones": measure.milestones.all(),
            "last_updated": _last_updated(report__measure=measure),
        },
    )


def _published_report(slug: str, pk: int) -> Publication:
    return get_object_or_404(
        Publication.objects.select_related("programme"),
        pk=pk,
        programme=_published(slug),
        state=PublicationState.PUBLISHED,
    )


@access(PUBLIC)
def public_publication(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    publication = _published_report(slug, pk)
    language = translation.get_language() or LANGUAGES[0]
    content = services.content_of(publication, language if language in LANGUAGES else LANGUAGES[0])
    return render(
        request,
        "programme/public/publication.html",
        {
            "publication": publication,
            "programme": publication.programme,
            "content": content,
            "labels": content.labels,
            "charts": [(chart, chart.data_uri()) for chart in content.charts],
            "formats": FORMATS,
            "languages": LANGUAGES,
        },
    )


@access(PUBLIC)
def public_publication_download(request: HttpRequest, slug: str, pk: int, language: str, fmt: str) -> FileResponse:
    return download(_published_report(slug, pk), request, language, fmt)
