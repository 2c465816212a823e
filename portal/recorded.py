"""What was recorded for each item of a return, in the customer's words.

Every customer page and e-mail lists the items from here, so that none of them says "2 × T-shirt"
once the warehouse recorded only one: the requested quantity until the parcel is received, then
what was found in it, then what was accepted at inspection, then what was refunded. A short
receipt is said in so many words ("We did not find 1 × Canvas sneakers in your parcel.").
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from refunds.services import PRICED_STATES, refund_preview
from returns.choices import ReturnStatus as S
from returns.services.disputes import missing_units

from .reason_labels import reason_label

# Once the refund is released, the refunded quantities no longer change.
FINAL_REFUND_STATES = {S.REFUND_APPROVED, S.REFUNDED, S.CLOSED}


@dataclass(frozen=True)
class RecordedLine:
    line_id: int
    name: str
    sku: str
    requested: int
    received: int | None  # None until the parcel is received
    accepted: int | None  # None until the inspection is complete
    refunded: int | None  # None until the refund is released
    reason: str = ""
    unexpected: bool = False
    missing: int = 0  # requested but not found in the parcel
    shortfall: str = ""  # "We did not find 1 × … in your parcel."
    not_accepted: str = ""  # "1 × … was not accepted at inspection."
    found_extra: str = ""  # an item in the parcel that was not part of the return

    @property
    def notes(self) -> list[str]:
        return [note for note in (self.shortfall, self.not_accepted, self.found_extra) if note]

    @property
    def shown_quantity(self) -> int:
        """The quantity to put in front of the name: the latest one recorded."""
        for value in (self.refunded, self.accepted, self.received):
            if value is not None:
                return value
        return self.requested

    @property
    def summary(self) -> str:
        """ "requested 2 · received 1 · accepted 1 · refunded 1", as far as the return has got."""
        parts = [] if self.unexpected else [_("requested %(n)d") % {"n": self.requested}]
        for label, value in ((_("received %(n)d"), self.received), (_("accepted %(n)d"), self.accepted),
                             (_("refunded %(n)d"), self.refunded)):
            if value is not None:
                parts.append(label % {"n": value})
        return " · ".join(parts)


def _refunded_quantities(ret) -> dict[int, int]:
    """Return line id → units refunded, from the released figures (the ones the credit note carries)."""
    data = refund_preview(ret)
    return {line["return_line_id"]: (line.get("quantity") or 0) if line.get("refunded") else 0
            for line in data.get("lines", []) if "return_line_id" in line}


def _notes(line, received, accepted) -> dict:
    name = line.product.name
    if line.unexpected:
        return {"found_extra": _("We also found %(count)d × %(name)s in your parcel, which was not part of your "
                                 "return.") % {"count": line.quantity_received, "name": name}}
    notes = {}
    missing = missing_units(line)
    if missing:
        notes["shortfall"] = _("We did not find %(count)d × %(name)s in your parcel.") % {
            "count": missing, "name": name}
    if accepted is not None and received and accepted < received:
        notes["not_accepted"] = _("%(count)d × %(name)s was not accepted at inspection.") % {
            "count": received - accepted, "name": name}
    return notes


def recorded_lines(ret) -> list[RecordedLine]:
    received_known = ret.received_at is not None
    accepted_known = ret.state in PRICED_STATES
    refunded = _refunded_quantities(ret) if ret.state in FINAL_REFUND_STATES else None
    rows = []
    for line in ret.lines.select_related("product", "request", "reason").order_by("id"):
        received = line.quantity_received if received_known else None
        accepted = line.quantity_accepted if accepted_known else None
        rows.append(RecordedLine(
            line_id=line.pk, name=line.product.name, sku=line.product.sku, requested=line.quantity_requested,
            received=received, accepted=accepted, reason=reason_label(line.reason) if line.reason else "",
            refunded=refunded.get(line.pk, 0) if refunded is not None else None,
            unexpected=line.unexpected, missing=missing_units(line), **_notes(line, received, accepted)))
    return rows


def shortfall_sentences(rows: list[RecordedLine]) -> list[str]:
    """The "we did not find …" sentences of a return, for the top of a page or an e-mail."""
    return [row.shortfall for row in rows if row.shortfall]
