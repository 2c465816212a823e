"""What the return and line screens show, gathered in one place so the views stay thin."""
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from returns.choices import ConditionGrade, Disposition, ReturnStatus

from . import checklists
from .claims import claim_describe, claim_is_stale, claim_of
from .custody import custody_current, custody_history
from .models import HoldStatus, PhotoKind, PhotoStatus, UnitInspection
from .serials import shipped_serials
from .services import RESTOCKABLE_GRADES, line_record, line_value, value_threshold
from .workflow import blocking_lines, line_grade, missing_steps, unit_indexes


def claim_context(ret, user) -> dict:
    """Who holds the return and whether this user may change it."""
    claim = claim_of(ret)
    mine = claim is not None and claim.inspector_id == user.pk
    inspecting = ret.state == ReturnStatus.INSPECTING
    return {
        "claim": claim, "claim_mine": mine, "claim_text": claim_describe(claim) if claim and not mine else "",
        "claim_stale": bool(claim and not mine and claim_is_stale(claim)),
        "can_edit": inspecting and (claim is None or mine),
    }


def photo_rows(photos) -> list[dict]:
    return [{"photo": p, "ready": p.status == PhotoStatus.READY, "failed": p.status == PhotoStatus.FAILED,
             "thumb": reverse("inspection:photo_file", args=[p.pk, "thumb"]),
             "large": reverse("inspection:photo_file", args=[p.pk, "large"])} for p in photos]


def photos_json(line) -> list[dict]:
    return [{"id": row["photo"].pk, "status": row["photo"].status, "thumb": row["thumb"] if row["ready"] else None,
             "large": row["large"] if row["ready"] else None, "error": row["photo"].error}
            for row in photo_rows(line.photos.filter(kind=PhotoKind.INSPECTION))]


def _unit_rows(line, editable):
    records = {r.unit_index: r for r in UnitInspection.objects.filter(line=line).select_related("updated_by")}
    shipped = shipped_serials(line) if line.product.serialized else set()
    items = checklists.checklist_for(line.product)
    rows = []
    for unit in [u for u in unit_indexes(line) if u > 0] or [0]:
        record = records.get(unit)
        answers = record.checklist if record else {}
        rows.append({
            "unit": unit, "record": record,
            "items": [{"item": item, "answer": answers.get(item.code, "")} for item in items],
            "serial_ok": (record.serial_number in shipped) if record and record.serial_number else None,
            "editable": editable and record is not None,
        })
    return rows


def line_status(line, state) -> tuple[str, str]:
    """(kind, words) for a line's progress on the return screen."""
    if not line.quantity_received:
        return "none", _("Not received")
    if line.hold_reason:
        return "hold", _("On hold for support: %(reason)s") % {"reason": line.hold_reason}
    if line.disposition:
        return "done", f"{line.get_disposition_display()} · {line.grade}"
    if state == ReturnStatus.RECEIVED:
        return "todo", _("Waiting for inspection")
    missing = missing_steps(line)
    if missing:
        return "todo", _("To do: %(steps)s") % {"steps": "; ".join(missing)}
    return "todo", _("Ready for a disposition")


def return_context(ret, user) -> dict:
    lines = list(ret.lines.select_related("product", "order_line", "reason"))
    custody = custody_current(ret)
    rows = []
    for line in lines:
        kind, words = line_status(line, ret.state)
        rows.append({"line": line, "status_kind": kind, "status": words, "custody": custody.get(line.pk, []),
                     "photos": line.photos.filter(kind=PhotoKind.INSPECTION).count()})
    return {
        "ret": ret, "rows": rows, **claim_context(ret, user),
        "discrepancies": list(ret.discrepancies.select_related("product", "created_by")),
        "blocking": blocking_lines(ret) if ret.state == ReturnStatus.INSPECTING else [],
        "events": list(ret.events.select_related("actor").order_by("-created_at", "-id")[:12]),
    }


def line_context(ret, line, user, **extra) -> dict:
    claim = claim_context(ret, user)
    record = UnitInspection.objects.filter(line=line, unit_index=0).first()
    threshold = value_threshold(line)
    grade = line_grade(line)
    return {
        "ret": ret, "line": line, **claim,
        "units": _unit_rows(line, claim["can_edit"]),
        "line_record": record,
        "photos": photo_rows(line.photos.filter(kind=PhotoKind.INSPECTION)),
        "customer_photos": photo_rows(ret.photos.filter(Q(line=line) | Q(line__isnull=True),
                                                        kind=PhotoKind.CUSTOMER)),
        "holds": list(line.holds.select_related("created_by", "decided_by")),
        "open_holds": list(line.holds.filter(status=HoldStatus.OPEN)),
        "custody": custody_history(line)[:10],
        "missing": missing_steps(line),
        "grade": grade,
        "restock_allowed": grade in RESTOCKABLE_GRADES,
        "grades": ConditionGrade.choices,
        "dispositions": Disposition.choices,
        "value": line_value(line), "threshold": threshold, "high_value": line_value(line) > threshold,
        "other_lines": list(ret.lines.exclude(pk=line.pk).filter(quantity_received__gt=0).select_related("product")),
        **extra,
    }


__all__ = ["claim_context", "line_context", "line_record", "photo_rows", "photos_json", "return_context"]
