"""The return policy in plain words, from the rule results of returns.policy.evaluate.

policy.py words its results for agents; customers get these sentences instead, which are
translatable and never reveal internal flags (a customer on the review list only reads that the
team checks the request).
"""
from django.utils.translation import gettext as _

from returns import policy
from returns.models.policies import ShippingRefund

from .availability import day_text


def _name(lines_by_id, line_id):
    line = lines_by_id.get(line_id)
    return line.product.name if line is not None else _("An item")


def rule_sentence(result, lines_by_id, policies) -> str:
    name = _name(lines_by_id, result.line)
    if result.rule == "order_delivered":
        return _("%(item)s has not been delivered yet.") % {"item": name}
    if result.rule == "quantity_returnable":
        left = policy.returnable_quantity(lines_by_id[result.line]) if result.line in lines_by_id else 0
        return _("Only %(left)d of %(item)s can still be returned.") % {"left": left, "item": name}
    if result.rule == "final_sale":
        return _("%(item)s was sold as final sale, which our policy does not take back.") % {"item": name}
    if result.rule == "return_window":
        line = lines_by_id.get(result.line)
        rule_policy = policies.get(result.line)
        deadline = policy.return_deadline(line.order, rule_policy) if line is not None and rule_policy else None
        if deadline is not None:
            return _("%(item)s: the %(days)d-day return window closed on %(date)s.") % {
                "item": name, "days": rule_policy.window_days, "date": day_text(deadline)}
        return _("%(item)s is outside the return window.") % {"item": name}
    if result.rule == "value_threshold":
        return _("Because of the value of this return, a member of our team checks it before you send anything.")
    return _("A member of our team checks this return before you send anything.")


def classify(results, lines_by_id, policies) -> dict:
    """Sentences for what blocks the request, what needs an exception and what needs a review."""
    out = {"blocking": [], "exceptions": [], "reviews": []}
    for result in results:
        if result.outcome == policy.REJECT:
            key = "exceptions" if result.overridable else "blocking"
        elif result.outcome == policy.REVIEW:
            key = "reviews"
        else:
            continue
        sentence = rule_sentence(result, lines_by_id, policies)
        if sentence not in out[key]:
            out[key].append(sentence)
    return out


_SHIPPING = {
    ShippingRefund.NEVER: lambda: _("The original shipping cost is not refunded."),
    ShippingRefund.RETAILER_FAULT: lambda: _(
        "The original shipping cost is refunded when the return is our fault (a defective item, damage in "
        "transit or a wrong item)."),
    ShippingRefund.FULL_RETURN: lambda: _("The original shipping cost is refunded when you return the whole order."),
    ShippingRefund.ALWAYS: lambda: _("The original shipping cost is refunded."),
}


def fee_sentences(policies_with_items, currency) -> list[str]:
    """`policies_with_items`: [(ReturnPolicy, [product names])], one entry per distinct policy."""
    sentences = []
    many = len(policies_with_items) > 1
    for rule, names in policies_with_items:
        which = (_(" for %(items)s") % {"items": ", ".join(names)}) if many else ""
        sentences.append(_("Returns are accepted within %(days)d days of delivery%(which)s.")
                         % {"days": rule.window_days, "which": which})
        if rule.restocking_fee_percent:
            sentences.append(_("A restocking fee of %(percent)s%% of the price applies%(which)s, unless the return "
                               "is our fault.") % {"percent": f"{rule.restocking_fee_percent.normalize():f}",
                                                   "which": which})
        if rule.restocking_fee_flat:
            sentences.append(_("A return fee of %(amount)s %(currency)s is deducted%(which)s, unless the return is "
                               "our fault.") % {"amount": rule.restocking_fee_flat, "currency": currency,
                                                "which": which})
        used, damaged = (rule.grade_deductions or {}).get("C", "0"), (rule.grade_deductions or {}).get("D", "0")
        if str(used) not in ("0", "0.0", "") or str(damaged) not in ("0", "0.0", ""):
            sentences.append(_("If an item comes back used, %(used)s%% of its price is deducted, if it comes back "
                               "damaged by use %(damaged)s%%%(which)s; nothing is deducted when the return is our "
                               "fault.") % {"used": used, "damaged": damaged, "which": which})
        if not rule.restocking_fee_percent and not rule.restocking_fee_flat:
            sentences.append(_("No restocking fee%(which)s.") % {"which": which})
        shipping = _SHIPPING.get(rule.refund_shipping)
        if shipping is not None and shipping() not in sentences:
            sentences.append(shipping())
    return sentences
