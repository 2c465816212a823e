"""What differs between the Odoo 18 and Odoo 19 servers the sandbox imitates.

Field sets follow ``fields_diff_18_19.json`` (shared facts) for the models the app uses.
Models declare every field once, under its Odoo 19 name; ``FIELDS_ONLY_IN`` drops the
ones a version does not have and ``RENAMED_IN`` gives a field its other version's name,
so business code asks ``env.fname(model, 'tax_ids')`` and gets ``tax_id`` on 18.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Fields that exist only in one version (others exist in both).
FIELDS_ONLY_IN = {
    18: {
        "stock.move": {"name", "scrapped", "group_id"},
        "stock.picking": {"move_ids_without_package", "date", "group_id"},
        "stock.location": {"scrap_location", "comment"},
        "res.partner": {"mobile"},
        "product.template": {"uom_po_id"},
        "product.product": {"uom_po_id"},
        "account.move": {"stock_move_id"},
    },
    19: {
        "account.move": {"stock_move_ids"},
        "stock.move": {"description_picking_manual"},
    },
}

# (model, 19 name) -> 18 name, for fields that were renamed rather than removed.
RENAMED_IN = {
    18: {
        ("sale.order.line", "tax_ids"): "tax_id",
        ("sale.order.line", "product_uom_id"): "product_uom",
    },
    19: {},
}


@dataclass(frozen=True)
class Dialect:
    version: int
    server_version: str
    serie: str
    default_db: str
    jsonrpc_error_code: int
    jsonrpc_data_order: tuple
    backorder_view_id: int
    scrap_warn_view_id: int
    settings_group: str  # the group named in AccessError messages on ir.config_parameter
    has_json2: bool
    access_denied_traceback: bool  # JSON-RPC AccessDenied debug has frames (18) or not (19)
    only_in: dict = field(default_factory=dict)
    renamed: dict = field(default_factory=dict)

    @property
    def version_info(self):
        return [self.version, 0, 0, "final", 0, ""]

    def invalid_field(self, fname, model):
        """Text of the ValueError for an unknown field in vals, domains or field lists."""
        if self.version >= 19:
            return f"Invalid field {fname!r} in {model!r}"
        return f"Invalid field {fname!r} on model {model!r}"

    def field_exists(self, model, canonical):
        for version, models in FIELDS_ONLY_IN.items():
            if version != self.version and canonical in models.get(model, ()):
                return False
        return True

    def fname(self, model, canonical):
        """The public name, in this version, of a field declared under its 19 name."""
        return self.renamed.get((model, canonical), canonical)


ODOO18 = Dialect(
    version=18,
    server_version="18.0-20250506",
    serie="18.0",
    default_db="returns_lab",
    jsonrpc_error_code=200,
    jsonrpc_data_order=("name", "debug", "message", "arguments", "context"),
    backorder_view_id=893,
    scrap_warn_view_id=901,
    settings_group="Administration/Settings",
    has_json2=False,
    access_denied_traceback=True,
    only_in=FIELDS_ONLY_IN[18],
    renamed=RENAMED_IN[18],
)

ODOO19 = Dialect(
    version=19,
    server_version="19.0+e-20251227",
    serie="19.0",
    default_db="returns_lab19",
    jsonrpc_error_code=0,
    jsonrpc_data_order=("name", "message", "arguments", "context", "debug"),
    backorder_view_id=933,
    scrap_warn_view_id=941,
    settings_group="Role / Administrator",
    has_json2=True,
    access_denied_traceback=False,
    only_in=FIELDS_ONLY_IN[19],
    renamed=RENAMED_IN[19],
)

DIALECTS = {18: ODOO18, 19: ODOO19}


def get_dialect(version):
    try:
        return DIALECTS[int(version)]
    except (KeyError, ValueError):
        raise ValueError(f"unsupported Odoo version {version!r} (use 18 or 19)") from None
