"""Torju's public statistics, without signing in: the releases, their figures, documents and open data.

Only releases are served (the figures frozen on the day of publication),
never live figures of the register, and never a year that has not ended
(a release is only of ended years). Every page is in the visitor's language
(fi, sv, en), its charts have their tables, and the open data (CSV, XLSX,
the public JSON) is under CC BY 4.0, as Finnish public-sector open data
usually is (docs/decisions/0025).
"""

import json
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from torju.accounts.permissions import PUBLIC, access
from torju.statistics import services
from torju.statistics.documents import CONTENT_TYPES, release_formats
from torju.statistics.models import Release, ReleaseStatus
from torju.statistics.release_content import content_of
from torju.statistics.review import build_review

# What a release of a kind other than the annual review shows on its page: a template and its context
# (torju.situation registers the situational picture's).
RELEASE_PAGES: dict[str, tuple[str, Callable[[Release], dict[str, Any]]]] = {}


def register_release_page(kind: str, template: str, context: Callable[[Release], dict[str, Any]]) -> None:
    RELEASE_PAGES[kind] = (template, context)


LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LANGUAGES = ("fi", "sv", "en")
OPEN_DATA = ("csv", "xlsx")
READ = ("pdf", "docx")


def published() -> "list[Release]":
    return list(Release.objects.filter(status=ReleaseStatus.PUBLISHED).order_by("-last_year", "-approved_at"))


def _published(pk: int) -> Release:
    return get_object_or_404(Release, pk=pk, status=ReleaseStatus.PUBLISHED)


@access(PUBLIC)
def index(request: HttpRequest) -> HttpResponse:
    releases = published()
    corrected = {release.replaces_id for release in releases if release.replaces_id}
    return render(
        request,
        "statistics/public_index.html",
        {"releases": releases, "corrected": corrected, "licence": LICENCE, "licence_url": LICENCE_URL},
    )


@access(PUBLIC)
def release(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published(pk)
    formats = release_formats(found)
    review = build_review(services.review_statistics_of(found)) if found.kind == "annual_review" else None
    body_template, body = RELEASE_PAGES.get(found.kind, ("", lambda _release: {}))
    return render(
        request,
        "statistics/public_release.html",
        {
            **body(found),
            "body_template": body_template,
            "release": found,
            "review": review,
            "corrections": found.corrections.filter(status=ReleaseStatus.PUBLISHED),
            "documents": [(language, fmt) for language in LANGUAGES for fmt in READ if fmt in formats],
            "open_data": [fmt for fmt in OPEN_DATA if fmt in formats],
            "language": (get_language() or "fi")[:2],
            "changes": json.loads(found.changes),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


@access(PUBLIC)
def download(request: HttpRequest, pk: int, language: str, fmt: str) -> HttpResponse:
    found = _published(pk)
    if language not in LANGUAGES or fmt not in release_formats(found):
        raise Http404("no such document")
    document = services.release_document(found, language, fmt)
    response = HttpResponse(bytes(document.content), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    return response


def release_data(found: Release) -> dict[str, object]:
    """The release as open data: what it is, its licence, and the public figures it was built from."""
    return {
        "id": found.pk,
        "kind": found.kind,
        "title": {"fi": found.title_fi, "sv": found.title_sv, "en": found.title_en},
        "first_year": found.first_year,
        "last_year": found.last_year,
        "published_at": found.approved_at.isoformat() if found.approved_at else None,
        "corrects": found.replaces_id,
        "correction_note": found.correction_note,
        "changes": json.loads(found.changes),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "publisher": "Torju",
        "figures": content_of(found),
    }


@access(PUBLIC)
def data_json(request: HttpRequest, pk: int) -> HttpResponse:
    found = _published(pk)
    response = HttpResponse(
        json.dumps(release_data(found), ensure_ascii=False, indent=2) + "\n",
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="release-{found.pk}.json"'
    return response
