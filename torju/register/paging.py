"""The work lists' pages: a choice of page size, and a pager whose last page costs what its first does.

A page far into a list is an OFFSET that the database walks row by row (the
all-cases list of a large office has over 10,000 pages of 50). The work
lists' orders are total and reverse exactly (selectors.SORTS), so a page past
the middle is read from the other end with the smaller offset, and reversed.
"""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50


def page_size_of(parameter: str | None) -> int:
    """The `size` URL parameter if it is one of PAGE_SIZES, else the default."""
    return int(parameter) if parameter in {str(size) for size in PAGE_SIZES} else DEFAULT_PAGE_SIZE


class TwoWayPaginator(Paginator[Any]):
    """A paginator of an ordered queryset that reads pages past the middle backwards."""

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
