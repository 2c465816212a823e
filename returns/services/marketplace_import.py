"""Marketplace returns in bulk: a CSV report, matched to orders by order number.

Two layouts, recognised by their header row:

- **Amazon** (Seller Central ▸ Reports ▸ Return reports, the merchant-fulfilled returns report):
  `Order ID`, `Amazon RMA ID`, `Merchant SKU`, `Return quantity`, `Return reason` (other columns are
  ignored, e.g. `Customer comments` is kept as the customer's words when present).
- **Generic** (documented in the README): `order_number`, `sku`, `quantity`, `reason`, and the optional
  `return_id` (the marketplace's own return reference) and `comment`.

Rows with the same return reference (or, without one, the same order) form one return. Each return
goes through the portal's creation service (returns.services.creation.return_create) with channel
"marketplace": the same policy checks and e-mails. The marketplace accepted the return already, so an
overridable rule (window, value) leaves it for review in the exception queue instead of rejecting it;
a rule nothing overrides (final sale, more than was delivered) rejects it with its reason. Each
return's submission key is derived from the file's references, so importing the same file again
creates nothing twice: those rows are counted as already imported.

Used by the console's import page (support.views.imports) and the API (api.imports).
"""
from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..choices import Channel, ReturnStatus
from ..errors import ReturnsError
from ..models import ReasonCode, ReturnRequest, SalesOrder
from .creation import LineInput, return_create

MAX_BYTES = 5_000_000
MAX_ROWS = 5000
CREATED, REVIEW, REJECTED, ALREADY = "created", "review", "rejected", "already imported"

LAYOUTS = {
    "amazon": {"order": "Order ID", "sku": "Merchant SKU", "quantity": "Return quantity", "reason": "Return reason",
               "reference": "Amazon RMA ID", "comment": "Customer comments"},
    "generic": {"order": "order_number", "sku": "sku", "quantity": "quantity", "reason": "reason",
                "reference": "return_id", "comment": "comment"},
}
# Marketplace reason codes and phrases → Returnflow's reason codes (else the code or label itself).
REASON_ALIASES = {
    "cr-unwanted_item": "no_longer_needed", "unwanted item": "no_longer_needed", "no longer needed": "no_longer_needed",
    "cr-defective": "defective", "defective": "defective", "item defective or doesn't work": "defective",
    "cr-damaged_by_carrier": "damaged_in_transit", "damaged_by_carrier": "damaged_in_transit",
    "cr-wrong_item": "wrong_item", "wrong item was sent": "wrong_item",
    "cr-ordered_wrong_item": "changed_mind", "cr-found_better_price": "changed_mind",
    "bought by mistake": "changed_mind", "changed my mind": "changed_mind",
}


class ImportRefused(ReturnsError):
    """The file as a whole cannot be read: nothing was imported."""

    code = "import_refused"


@dataclass
class RowGroup:
    key: str
    order_number: str
    rows: list[int] = field(default_factory=list)  # 2-based line numbers in the file, as a spreadsheet shows
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (sku, quantity, reason)
    comment: str = ""


@dataclass
class Outcome:
    reference: str
    order_number: str
    rows: list[int]
    outcome: str
    message: str
    rma: str = ""


@dataclass
class ImportResult:
    layout: str
    outcomes: list[Outcome]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter()
        for item in self.outcomes:
            counted[item.outcome] += len(item.rows)
        return {"created": counted[CREATED], "review": counted[REVIEW], "rejected": counted[REJECTED],
                "already": counted[ALREADY]}


def detect_layout(header: list[str]) -> str:
    names = {h.strip() for h in header}
    for layout, columns in LAYOUTS.items():
        if {columns["order"], columns["sku"], columns["quantity"], columns["reason"]} <= names:
            return layout
    raise ImportRefused(_("The header row matches neither the Amazon returns report nor the generic layout "
                          "(order_number, sku, quantity, reason[, return_id, comment])."))


def read(data: bytes) -> tuple[str, list[RowGroup]]:
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 5 MB: split it."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(_("The file is not UTF-8 text: export it again as CSV (UTF-8).")) from None
    dialect = "excel-tab" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else "excel"
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    header = next(reader, None)
    if not header:
        raise ImportRefused(_("The file is empty."))
    layout = detect_layout(header)
    columns = {name: header.index(col) if col in header else None for name, col in LAYOUTS[layout].items()}
    groups: dict[str, RowGroup] = {}
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise ImportRefused(_("The file has more than %(n)s rows: split it.") % {"n": MAX_ROWS})
        if not any(cell.strip() for cell in row):
            continue
        cell = lambda name: (row[columns[name]].strip() if columns[name] is not None and columns[name] < len(row)  # noqa: E731
                             else "")
        order = cell("order")
        key = cell("reference") or f"order:{order}"
        group = groups.setdefault(key, RowGroup(key=key, order_number=order))
        group.rows.append(number)
        group.lines.append((cell("sku"), cell("quantity"), cell("reason")))
        group.comment = group.comment or cell("comment")
    return layout, list(groups.values())


def _reason_code(text: str, known: dict[str, str]) -> str | None:
    value = text.strip().lower()
    return REASON_ALIASES.get(value) or known.get(value)


def _submission_key(layout: str, group: RowGroup) -> str:
    # The same file (same references, same rows) gives the same key, so a re-import finds its returns.
    digest = hashlib.sha256(repr((layout, group.key, group.order_number, sorted(group.lines))).encode()).hexdigest()
    return f"mkt-{digest[:56]}"


def _lines(group: RowGroup, order, known) -> list[LineInput]:
    by_sku = {line.product.sku.lower(): line for line in order.lines.select_related("product")}
    lines = []
    for sku, quantity, reason in group.lines:
        line = by_sku.get(sku.lower())
        if line is None:
            raise ImportRefused(_("SKU %(sku)s is not on order %(order)s.") % {"sku": sku, "order": order.number})
        if not quantity.isdigit() or int(quantity) < 1:
            raise ImportRefused(_("Quantity “%(q)s” of %(sku)s is not a whole number of at least 1.") % {
                "q": quantity, "sku": sku})
        code = _reason_code(reason, known)
        if code is None:
            raise ImportRefused(_("Return reason “%(r)s” is not one Returnflow knows.") % {"r": reason})
        lines.append(LineInput(order_line_id=line.pk, quantity=int(quantity), reason_code=code,
                               comment=group.comment[:2000]))
    return lines


def import_file(data: bytes, *, actor, request_id="") -> ImportResult:
    layout, groups = read(data)
    known = {code.lower(): code for code in ReasonCode.objects.filter(active=True).values_list("code", flat=True)}
    known.update({label.lower(): code for code, label in ReasonCode.objects.filter(active=True)
                  .values_list("code", "label")})
    outcomes = []
    for group in groups:
        reference = "" if group.key.startswith("order:") else group.key
        outcome = Outcome(reference=reference, order_number=group.order_number, rows=group.rows, outcome=REJECTED,
                          message="")
        outcomes.append(outcome)
        key = _submission_key(layout, group)
        existing = ReturnRequest.objects.filter(idempotency_key=key).first()
        if existing is not None:
            outcome.outcome, outcome.rma = ALREADY, existing.rma_number
            outcome.message = _("Imported before as %(rma)s.") % {"rma": existing.rma_number}
            continue
        order = SalesOrder.objects.filter(number__iexact=group.order_number).first() if group.order_number else None
        if order is None:
            outcome.message = _("No order “%(n)s”.") % {"n": group.order_number}
            continue
        try:
            ret = return_create(
                order=order, actor=actor, lines=_lines(group, order, known), channel=Channel.MARKETPLACE,
                exception_message=_("Accepted by the marketplace (%(ref)s).") % {"ref": reference or order.number},
                idempotency_key=key, request_id=request_id)
        except ReturnsError as error:
            outcome.message = error.message
            continue
        outcome.rma = ret.rma_number
        if ret.state == ReturnStatus.PENDING_APPROVAL:
            outcome.outcome, outcome.message = REVIEW, _("Left for review in the exception queue.")
        else:
            outcome.outcome, outcome.message = CREATED, str(ret.get_state_display())
    return ImportResult(layout=layout, outcomes=outcomes)
