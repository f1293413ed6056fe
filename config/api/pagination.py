"""Pagination for every list: page numbers by default, cursors for append-mostly tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.fields import Field
from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination
from rest_framework.serializers import Serializer

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.response import Response
    from rest_framework.views import APIView


class PagePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CreatedCursorPagination(CursorPagination):
    """Stable under inserts: posts, executions, the credit ledger and the audit log."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")


_PAGE_SCHEMAS: dict[tuple[type[Serializer], bool], Serializer] = {}


def page_schema(item: type[Serializer], *, cursor: bool = False) -> Serializer:
    """The OpenAPI shape of one page of `item`s, for `@extend_schema(responses=...)`."""
    key = (item, cursor)
    if key not in _PAGE_SCHEMAS:
        fields: dict[str, Field] = {
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        }
        if not cursor:
            fields["count"] = serializers.IntegerField()
        name = item.__name__.removesuffix("Output") + ("CursorPage" if cursor else "Page")
        _PAGE_SCHEMAS[key] = inline_serializer(name, fields)
    return _PAGE_SCHEMAS[key]


def paginate(
    *,
    view: APIView,
    request: Request,
    queryset: Any,
    serializer_class: type[Serializer],
    paginator: BasePagination,
) -> Response:
    """Serialize one page of `queryset` with the page envelope of `paginator`."""
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)
