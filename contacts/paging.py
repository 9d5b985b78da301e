"""Keyset pages of the company list: a deep page costs what the first does.

An OFFSET makes the database walk every row before the page (page 82 of a
field rep's list read 206k index entries, #5). Next and previous instead
carry the sort key of the row at the page's edge, so each page starts with
an index range. The page number only labels the page; `?page=N` on its own
(an old link) still works through an offset.
"""

import math
from dataclasses import dataclass

from django.db.models import Q, QuerySet

CURSOR_PARAMETERS = ("page", "after", "before", "last")


def cursor(company) -> str:
    """What a next or previous link carries: the id and the sort key."""
    return f"{company.pk}:{company.name_key}"


def _parse_cursor(value: str | None) -> tuple[int, str] | None:
    pk, separator, name_key = (value or "").partition(":")
    if not separator or not pk.isdigit():
        return None
    return int(pk), name_key


def _after(companies: QuerySet, pk: int, name_key: str) -> QuerySet:
    # The redundant >= gives the database a range start on (name_key, id).
    return companies.filter(
        Q(name_key__gte=name_key) & (Q(name_key__gt=name_key) | Q(pk__gt=pk))
    ).order_by("name_key", "id")


def _before(companies: QuerySet, pk: int, name_key: str) -> QuerySet:
    return companies.filter(
        Q(name_key__lte=name_key) & (Q(name_key__lt=name_key) | Q(pk__lt=pk))
    ).order_by("-name_key", "-id")


def _number(value, default: int) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


@dataclass
class Page:
    object_list: list
    number: int
    count: int
    size: int
    has_previous: bool
    has_next: bool

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.size))

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def next_cursor(self) -> str:
        return cursor(self.object_list[-1]) if self.has_next else ""

    @property
    def previous_cursor(self) -> str:
        # Page 2 goes back to the plain first page, whose links are the usual.
        if not self.has_previous or self.number <= 2:
            return ""
        return cursor(self.object_list[0])


def company_page(companies: QuerySet, params, *, size: int) -> Page:
    """The page of `companies` (ordered by name_key, id) that `params` ask for."""
    count = companies.count()
    pages = max(1, math.ceil(count / size))
    after = _parse_cursor(params.get("after"))
    before = _parse_cursor(params.get("before"))

    if params.get("last"):
        rows = list(_before_end(companies)[: count - (pages - 1) * size or size])
        rows.reverse()
        return Page(rows, pages, count, size, pages > 1, False)
    if before:
        rows = list(_before(companies, *before)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        rows.reverse()
        number = min(_number(params.get("page"), 2), pages)
        return Page(rows, number, count, size, more, True)
    if after:
        rows = list(_after(companies, *after)[: size + 1])
        number = min(_number(params.get("page"), 2), pages)
        return Page(rows[:size], number, count, size, True, len(rows) > size)

    number = min(_number(params.get("page"), 1), pages)
    offset = (number - 1) * size
    rows = list(companies.order_by("name_key", "id")[offset : offset + size + 1])
    return Page(rows[:size], number, count, size, number > 1, len(rows) > size)


def _before_end(companies: QuerySet) -> QuerySet:
    return companies.order_by("-name_key", "-id")
