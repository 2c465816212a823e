"""Keyset (cursor) paging for the returns list, so that page 1 000 costs what page 1 does.

PageNumberPagination counts every matching row (COUNT(*)) and skips the pages before with OFFSET, both
of which grow with the table (issue 11: the list by state went 3.5× slower from 10 000 to 200 000
returns). Here `next` and `previous` are opaque cursors on (created_at, id), served by the index
returns_rr_state_created_idx, and `count` is exact up to COUNT_CAP rows; beyond it the answer says
`count_capped: true` and `count` is the cap (a client shows "1 000+").
"""
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

COUNT_CAP = 1000


class ReturnCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")

    def paginate_queryset(self, queryset, request, view=None):
        # Counting a LIMIT subquery reads at most COUNT_CAP + 1 index entries, whatever the table's size.
        self.capped_count = queryset.order_by()[:COUNT_CAP + 1].count()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response({"count": min(self.capped_count, COUNT_CAP), "count_capped": self.capped_count > COUNT_CAP,
                         "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"] = {
            "count": {"type": "integer", "example": 123,
                      "description": f"Matching returns, exact up to {COUNT_CAP}; the cap when count_capped."},
            "count_capped": {"type": "boolean", "description": f"More than {COUNT_CAP} returns match."},
            **described["properties"]}
        described["required"] = ["count", "count_capped", "results"]
        return described
