"""Returns in the states the support console works on, made through the real services."""
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from returns.models import ReturnPolicy
from tests.factories import create_return, receive_all


def default_policy(**changes):
    """The catalogue's default policy, changed for one test."""
    policy = ReturnPolicy.objects.get(name="Default")
    for name, value in changes.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def inspected_return(order, customer_user, inspector, quantities=None, *, reason="changed_mind", grades=None,
                     accepted=None, refund_method=None):
    """A return of `order` taken to `inspected`.

    `quantities`: order line → units requested (all by default); `grades` / `accepted`: order line →
    grade / units accepted (A and all received by default). Grades C and worse are scrapped.
    """
    from inspection.services import return_line_inspect
    from returns.models import ReturnRequest
    from returns.services.lifecycle import return_complete_inspection, return_start_inspection

    ret = create_return(order, customer_user, quantities, reason=reason)
    if refund_method:
        ReturnRequest.objects.filter(pk=ret.pk).update(refund_method=refund_method)
    receive_all(ret, inspector)
    return_start_inspection(return_id=ret.pk, actor=inspector)
    grades, accepted = grades or {}, accepted or {}
    for line in ret.lines.select_related("order_line"):
        grade = grades.get(line.order_line, "A")
        if grade != "A":  # the inspection rules want photo evidence below grade A
            add_photo(ret, inspector, line=line)
        return_line_inspect(line_id=line.pk, actor=inspector, grade=grade,
                            disposition="restock" if grade in "AB" else "scrap",
                            quantity_accepted=accepted.get(line.order_line, line.quantity_received))
    return return_complete_inspection(return_id=ret.pk, actor=inspector)


def released_return(order, customer_user, inspector, releaser, quantities=None, **kwargs):
    from returns.services.lifecycle import return_release_refund

    ret = inspected_return(order, customer_user, inspector, quantities, **kwargs)
    return return_release_refund(return_id=ret.pk, actor=releaser, reason="within_policy_after_review")


def jpeg_bytes(size=(640, 480), color=(30, 90, 160)):
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


def add_photo(ret, user, *, line=None, kind="inspection", color=(30, 90, 160)):
    """An inspection photo stored through the real evidence service (renditions on commit)."""
    from inspection.evidence import files_removed_on_error, photo_store

    with files_removed_on_error() as stored, transaction.atomic():
        return photo_store(upload=SimpleUploadedFile("evidence.jpg", jpeg_bytes(color=color), "image/jpeg"),
                           kind=kind, uploaded_by=user, stored=stored, return_request=ret, line=line)


def pending_exception(customer, *, price="30.00", days_ago=45, reason="changed_mind"):
    """A return outside the window with the customer's exception message: waits for support."""
    from tests.factories import make_order, make_product

    order = make_order(customer, [(make_product(), 1, price)], delivered_days_ago=days_ago)
    return create_return(order, customer.user, reason=reason, exception_message="I was in hospital, sorry.")


def held_return(customer, inspector, agent, *, price="1200.00"):
    """A high-value return: approved by `agent`, received, inspected grade A, and held for support.

    The line is worth more than the policy's approval threshold, so the inspection puts it on hold.
    """
    from returns.services.lifecycle import return_approve, return_start_inspection
    from inspection.services import return_line_inspect
    from tests.factories import make_order, make_product

    order = make_order(customer, [(make_product(category="electronics"), 1, price)])
    ret = create_return(order, customer.user)
    if ret.state == "pending_approval":
        ret = return_approve(return_id=ret.pk, actor=agent, reason="within_policy_after_review")
    receive_all(ret, inspector)
    return_start_inspection(return_id=ret.pk, actor=inspector)
    line = ret.lines.get()
    line = return_line_inspect(line_id=line.pk, actor=inspector, grade="A", disposition="restock",
                               quantity_accepted=1)
    assert line.hold_reason, "a high-value line should be held"
    return ret, line


def ensure_default_macros():
    """The reply macros the support migration ships (a transactional test before may have flushed them)."""
    import importlib

    from support.models import ReplyMacro

    for name, subject, body in importlib.import_module("support.migrations.0002_default_reply_macros").MACROS:
        ReplyMacro.objects.get_or_create(name=name, defaults={"subject": subject, "body": body})
