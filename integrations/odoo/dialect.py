"""The few Odoo 17/18 vs 19 differences in the fields the returns app touches.

Verified on real servers (API_FACTS-odoo19.md section 4): 19 removed ``stock.move.name``
(required before), renamed ``sale.order.line.tax_id`` -> ``tax_ids`` and
``product_uom`` -> ``product_uom_id``, and dropped ``stock.location.scrap_location``.
The same payloads work over every protocol; only the server's major version matters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def major_from_version(info):
    """Major version from ``common.version()`` / ``/web/version`` ("saas~18.2" -> 18)."""
    version_info = info.get("server_version_info") or info.get("version_info") or []
    first = (
        version_info[0]
        if version_info
        else info.get("server_version") or info.get("version") or ""
    )
    if isinstance(first, int):
        return first
    match = re.search(r"(\d+)", str(first))
    if not match:
        raise ValueError(f"cannot tell the Odoo version from {info!r}")
    return int(match.group(1))


@dataclass(frozen=True)
class OdooDialect:
    major: int

    @classmethod
    def from_version(cls, info):
        return cls(major_from_version(info))

    @property
    def stock_move_has_name(self):
        return self.major < 19

    @property
    def sale_line_tax_field(self):
        return "tax_ids" if self.major >= 19 else "tax_id"

    @property
    def sale_line_uom_field(self):
        return "product_uom_id" if self.major >= 19 else "product_uom"

    def sale_line_fields(self):
        """Fields the app reads on sale.order.line to bound returns and credits."""
        return [
            "product_id",
            "product_uom_qty",
            "qty_delivered",
            "qty_invoiced",
            "price_unit",
            self.sale_line_tax_field,
            self.sale_line_uom_field,
            "move_ids",
        ]

    def normalize_sale_line(self, row):
        """Rename the version-specific keys to the 19 names (``tax_ids``, ``product_uom_id``)."""
        row = dict(row)
        for old, new in (
            (self.sale_line_tax_field, "tax_ids"),
            (self.sale_line_uom_field, "product_uom_id"),
        ):
            if old != new and old in row:
                row[new] = row.pop(old)
        return row

    def move_vals(self, vals, *, name):
        """stock.move values: 18 and older require ``name``; 19 rejects it."""
        vals = dict(vals)
        if self.stock_move_has_name:
            vals = {"name": name, **vals}
        else:
            vals.pop("name", None)
        return vals

    def scrap_location_domain(self, company_id):
        """Where scrapped goods go. 19 has no ``scrap_location`` flag and, like
        stock.scrap itself, takes the company's first ``usage='inventory'`` location
        (search with limit=1, or leave ``scrap_location_id`` out to let Odoo pick it)."""
        if self.major >= 19:
            return [
                ("usage", "=", "inventory"),
                ("company_id", "in", [company_id, False]),
            ]
        return [
            ("scrap_location", "=", True),
            ("company_id", "in", [company_id, False]),
        ]
