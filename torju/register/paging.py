"""The work lists' pages: a choice of page size, and a pager whose last page costs what its first does.

A page far into a list is an OFFSET that the database walks row by row (the
all-cases list of a large office has over 10,000 pages of 50). The work
lists' orders are total and reverse exactly (selectors.SORTS), so a page past
the middle is read from the other end with the smaller offset, and reversed.

Counting such a list for the pager is the same walk over all its rows (0.1–0.3 s
for an office of 600,000 cases). The unfiltered "all cases" list is given its
size (selectors.all_cases_size, from the count the database keeps per office);
any other list of more than EXACT_SIZE_LIMIT rows has its size kept for
LARGE_SIZE_SECONDS, five minutes (docs/decisions/0124), keyed by the query
itself, so that only the same rows for the same user share it.
"""

import hashlib
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50


def page_size_of(parameter: str | None) -> int:
    """The `size` URL parameter if it is one of PAGE_SIZES, else the default."""
    return int(parameter) if parameter in {str(size) for size in PAGE_SIZES} else DEFAULT_PAGE_SIZE


EXACT_SIZE_LIMIT = 10_000
LARGE_SIZE_SECONDS = 300


def list_size(rows: QuerySet[Any]) -> int:
    """The number of rows; exact up to EXACT_SIZE_LIMIT, above it as counted at most LARGE_SIZE_SECONDS ago."""
    unordered = rows.order_by()
    size = unordered[: EXACT_SIZE_LIMIT + 1].count()
    if size <= EXACT_SIZE_LIMIT:
        return size
    sql, parameters = unordered.query.sql_with_params()
    query = f"{rows.db}\n{sql}\n{parameters!r}"
    key = f"register:list-size:{hashlib.sha256(query.encode()).hexdigest()}"
    kept = cache.get(key)
    if isinstance(kept, int):
        return kept
    size = unordered.count()
    cache.set(key, size, LARGE_SIZE_SECONDS)
    return size


class TwoWayPaginator(Paginator[Any]):
    """A paginator of an ordered queryset that reads pages past the middle backwards; `size`, when the caller knows
    the list's size without counting it (selectors.all_cases_size)."""

    def __init__(self, object_list: Any, per_page: int, *, size: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.size = size

    @cached_property
    def count(self) -> int:
        if self.size is not None:
            return self.size
        if isinstance(self.object_list, QuerySet):
            return list_size(self.object_list)
        return len(self.object_list)

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = self.object_list
        if bottom <= self.count // 2 or not isinstance(rows, QuerySet) or not rows.ordered:
            return super().page(number)
        backwards = list(rows.reverse()[self.count - top : self.count - bottom])
        backwards.reverse()
        return Page(backwards, number, self)


def pager_links(page: Page[Any]) -> list[int | None]:
    """The page numbers the pager links to: the first and last, two either side of this one; None for a gap."""
    return [
        number if isinstance(number, int) else None
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
