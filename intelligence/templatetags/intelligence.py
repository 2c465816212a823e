"""Template tags the console and the portal use to show advice; the pages' views stay unchanged.

    {% load intelligence %}
    {% reason_reading line as reading %}      the text's reading against the chosen reason
    {% customer_flags ret.customer as flags %} / {% return_flags ret as flags %}
    {% rma_flags row.key as flags %}          the flags of a queue row's return
    {% shift_plan as plan %}                   the 8-week forecast and inspectors needed
    {% quality_alerts as alerts %}

Every tag answers an empty result instead of raising: advice must never break a page.
"""
import logging

from django import template

log = logging.getLogger(__name__)
register = template.Library()


def _safely(compute, empty):
    try:
        return compute()
    except Exception:  # a missing model file or a bad row shows no advice, never a 500
        log.exception("intelligence advice failed")
        return empty


@register.simple_tag
def reason_reading(line):
    from ..reasons.reading import reason_reading as read

    return _safely(lambda: read(line), None)


@register.simple_tag
def customer_flags(customer):
    from ..abuse import service

    return _safely(lambda: service.customer_flags(customer.pk), [])


@register.simple_tag
def return_flags(ret):
    from ..abuse import service

    return _safely(lambda: service.return_flags(ret.pk), [])


@register.simple_tag(takes_context=True)
def rma_flags(context, rma):
    from ..abuse import service

    # One look-up of the returns newer than the cached flags per page, kept on the request, not one per row.
    request = context.get("request")
    page = getattr(request, "_intelligence_rma_customers", None) if request is not None else None
    if request is not None and page is None:
        page = request._intelligence_rma_customers = {}
    return _safely(lambda: service.rma_flags(str(rma), page), [])


@register.simple_tag
def shift_plan():
    from ..forecast import chart, plan

    def compute():
        days, _forecasts = plan.shift_plan()
        return {"days": days, "svg": chart.shift_chart(days), "headers": plan.CSV_HEADERS,
                "rows": plan.plan_rows(days)}

    return _safely(compute, {"days": [], "svg": chart.shift_chart([]), "headers": plan.CSV_HEADERS, "rows": []})


@register.simple_tag
def quality_alerts():
    from ..forecast import quality

    return _safely(quality.quality_alerts, [])


@register.simple_tag
def text_reading(text, chosen=""):
    """For the portal: what the customer's own words read as, only when it differs from their choice."""
    from ..reasons.reading import read_text

    reading = _safely(lambda: read_text(text or "", chosen or ""), None)
    return reading if reading is not None and not reading.agrees and reading.confidence >= SUGGEST_CONFIDENCE else None


# The portal suggests another reason only when the words are clear: a wrong hint costs the customer's trust.
SUGGEST_CONFIDENCE = 0.6


@register.simple_tag
def read_reason_counts():
    from ..reasons.counts import read_reason_counts as counts

    return _safely(counts, [])
