"""The public progress pages (no sign-in)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from torju.accounts.permissions import PUBLIC, access
from torju.programme import selectors


@access(PUBLIC)
def public_progress_index(request: HttpRequest) -> HttpResponse:
    return render(request, "programme/public/index.html", {"programmes": selectors.published_programmes()})


@access(PUBLIC)
def public_progress(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(selectors.published_programmes(), slug=slug)
    rows = selectors.progress(programme)
    objectives = selectors.by_objective(programme, rows)
    return render(
        request,
        "programme/public/progress.html",
        {"programme": programme, "objectives": objectives, "counts": selectors.status_counts(rows)},
    )
