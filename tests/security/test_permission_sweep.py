"""Every route, every role, against one explicit table of who may open what.

The sweep walks Django's URL resolver, so a new page or endpoint without an entry in ACCESS fails
`test_every_route_has_an_entry` until someone decides who may reach it. For each route it GETs a
real URL (a real return, line, parcel, dispute… of Alice's) as anonymous, Alice (the owner), Bob
(another customer), Ivan (inspector), Sam (support) and Fiona (finance):

- a role the table does not allow never gets a 2xx: it is sent to the login page, or refused with
  401/403, or gets 404 (as another customer's return does, so that RMA numbers cannot be probed),
  or 405 (the route takes no GET);
- an allowed role is neither refused nor sent to log in;
- nobody gets a server error.

The admin is swept the same way: only a staff superuser gets in. Writes (POST) are checked per role
by each app's own tests; this sweep proves that no page or read leaks to a role it is not for.
"""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "alice", "bob", "ivan", "sam", "fiona")
ANYONE = frozenset(ROLES)
CUSTOMERS_AND_STAFF = frozenset({"alice", "bob", "ivan", "sam", "fiona"})
OWNER_AND_STAFF = frozenset({"alice", "ivan", "sam", "fiona"})
WAREHOUSE = frozenset({"ivan"})
CONSOLE = frozenset({"sam", "fiona"})
STAFF = WAREHOUSE | CONSOLE
NOBODY = frozenset()

# route name (namespace:name) → the roles that may GET it. Routes that only accept POST are listed
# with who may use them; for a GET every role then gets 405 or a refusal, never a page.
ACCESS = {
    "home": ANYONE, "healthz": ANYONE, "readyz": ANYONE, "login": ANYONE, "logout": ANYONE,
    "metrics": ANYONE,  # loopback only (the test client is 127.0.0.1) or with the metrics token
    "api-root": CUSTOMERS_AND_STAFF, "schema": ANYONE, "api-docs": ANYONE,
    # The portal: a customer reaches their return by lookup, sign-in or the e-mailed link; the views
    # answer 404 for anyone else's.
    **{f"portal:{name}": ANYONE for name in (
        "home", "forget", "order", "review", "status", "confirmation", "label", "cancel", "mark_shipped", "dispute",
        "status_link", "sign_in", "sign_in_link", "sign_out", "mine", "set_language", "brand_css", "brand_logo",
        "label_qr", "product_image")},
    # The API.
    "return-list": CUSTOMERS_AND_STAFF, "return-detail": OWNER_AND_STAFF, "return-disputes": OWNER_AND_STAFF,
    "return-refund": OWNER_AND_STAFF, "return-line-photos": OWNER_AND_STAFF, "return-notes": CONSOLE,
    **{f"return-{action}": NOBODY for action in (  # POST only
        "approve", "approve-refund", "cancel", "close", "complete-inspection", "expire", "hold-decision",
        "hold-line", "inspect-line", "mark-shipped", "receive", "receive-parcel", "reject", "release-refund",
        "request-refund-approval", "start-inspection", "reject-refund-proposal", "send-back-refund-proposal",
        "withdraw-refund-proposal")},
    "return-carrier-claims": CONSOLE, "carrier-claim-list": CONSOLE, "carrier-claim-detail": CONSOLE,
    "carrier-claim-resolve": NOBODY,
    "order-detail": OWNER_AND_STAFF,
    "parcel-list": STAFF, "parcel-detail": STAFF, "parcel-resolve": NOBODY,
    "discrepancy-list": STAFF, "discrepancy-detail": STAFF, "discrepancy-resolve": NOBODY,
    "posting-list": CONSOLE, "posting-detail": CONSOLE, "posting-retry": NOBODY, "import-marketplace": NOBODY,
    # The tablet.
    **{f"inspection:{name}": WAREHOUSE for name in (
        "home", "scan", "receive", "receive_save", "unidentified", "parcel", "queue", "return", "open", "take_over",
        "complete", "line", "unit_save", "decide", "move", "photo_upload", "photos_status", "photo_file",
        "grade_scan", "guided", "guided_answer", "guided_photo", "guided_decide", "plate", "plate_scan",
        "plate_print", "plate_label", "refurb_queue", "refurb", "refurb_step", "refurb_finish")},
    # The dock's list of parcels on their way; the offline queue's service worker and its fresh CSRF token.
    **{f"inspection:{name}": WAREHOUSE for name in ("expected", "service_worker", "offline_session")},
    # Liquidation lots: the floor builds them, support and finance record the sale, every staff role reads
    # the lot and its manifest; the rest are POST only.
    **{f"inspection:{name}": STAFF for name in ("liquidation_lots", "liquidation_lot", "liquidation_manifest")},
    **{f"inspection:liquidation_{name}": NOBODY for name in ("new", "scan", "remove", "close", "sale")},
    # Photo processing status is polled by the tablet and by the agent reviewing a held line; vendor
    # return batches are worked by the warehouse and authorized with the console.
    "inspection:photos_status": WAREHOUSE | {"sam"},
    **{f"inspection:{name}": WAREHOUSE | {"sam"} for name in ("vendor_returns", "vendor_return", "vendor_return_save")},
    # The console.
    "integrations:outbox": CONSOLE, "integrations:outbox-retry": NOBODY,
    "intelligence:shift-plan-csv": CONSOLE,
    **{f"support:{name}": CONSOLE for name in (
        "home", "queue", "search", "dashboard", "detail", "decide", "hold", "note", "refund-method", "recalculate",
        "evidence-pdf", "evidence-zip", "photo", "posting-retry", "discrepancy-resolve", "parcel", "parcel-resolve",
        "dispute", "dispute-resolve", "mine", "new-return", "assign", "take-over", "reply", "bulk", "view-save",
        "view-delete", "marketplace-import", "carrier-claim-open", "carrier-claim-resolve")},
}
REFUSED = {401, 403, 404, 405}
# Health answers 503 when a dependency is down (in tests the broker may be); that is its answer.
HEALTH = {"healthz", "readyz"}


def routes():
    """(route name, pattern string, its parameter names) for every non-admin route."""
    def walk(patterns, prefix="", namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                yield f"{namespace}:{entry.name}".strip(":") if entry.name else "", prefix + str(entry.pattern)

    seen = {}
    for name, pattern in walk(get_resolver().url_patterns):
        if pattern.startswith("admin/") or "format" in pattern or pattern.startswith("media/"):
            continue  # the admin is swept below; `.json` format suffixes are the same views
        seen.setdefault(name, pattern)
    return seen


def test_every_route_has_an_entry():
    missing = sorted(set(routes()) - set(ACCESS))
    assert not missing, f"routes without an entry in ACCESS (decide who may open them): {missing}"
    stale = sorted(set(ACCESS) - set(routes()))
    assert not stale, f"ACCESS names routes that no longer exist: {stale}"


@pytest.fixture
def world(alice, bob, ivan, sam, fiona, alice_order, tshirt, jeans):
    """One of everything a route can point at, all Alice's."""
    from inspection.models import Photo, UnidentifiedParcel
    from portal.links import make_token
    from returns.models import Dispute
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user)
    line = ret.lines.first()
    parcel = UnidentifiedParcel.objects.create(carrier="DHL", tracking_number="SWEEP-1", location_code="TOTE-01",
                                               created_by=ivan)
    dispute = Dispute.objects.create(return_request=ret, kind="other", message="sweep")
    from returns.models import CarrierClaim

    claim = CarrierClaim.objects.create(return_request=ret, kind="lost", carrier="DHL", claim_reference="SWEEP-C",
                                        due_date="2030-01-01", amount_claimed="10.00", currency="EUR", opened_by=sam)
    photo = Photo.objects.first()
    from integrations.models import OdooPosting
    from integrations.postings import enqueue_receipt

    posting = OdooPosting.objects.first() or enqueue_receipt(ret)
    from inspection.liquidation import lot_create

    lot = lot_create(actor=ivan)
    values = {"rma_number": ret.rma_number, "rma": ret.rma_number, "number": alice_order.number,
              "line_id": line.pk, "unit": 0, "pk": parcel.pk, "posting_id": posting.pk, "product_id": tshirt.pk,
              "slug": "exceptions", "action": "approve", "decision": "approve", "rendition": "thumb",
              "size": "thumb", "code": "LPN-000000", "fmt": "pdf", "token": make_token(ret),
              "reference": lot.reference}
    pks = {"support:dispute": dispute.pk, "support:dispute-resolve": dispute.pk, "carrier-claim-detail": claim.pk,
           "carrier-claim-resolve": claim.pk, "support:carrier-claim-resolve": claim.pk,
           "support:photo": photo.pk if photo else 1, "inspection:photo_file": photo.pk if photo else 1}
    users = {"alice": alice.user, "bob": bob.user, "ivan": ivan, "sam": sam, "fiona": fiona}
    return values, pks, users


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def concrete(name, pattern, values, pks):
    def fill(match):
        param = match.group(1) or match.group(2)
        if param == "pk" and name in pks:
            return str(pks[name])
        assert param in values, f"{name}: add a sample value for the parameter {param!r}"
        return str(values[param])

    path = _PARAM.sub(fill, pattern).lstrip("^").rstrip("$")
    return "/" + path


def _is_login_redirect(response):
    return response.status_code in (301, 302) and "login" in response.get("Location", "")


def test_no_route_leaks_to_a_role_it_is_not_for(client, world):
    values, pks, users = world
    problems = []
    for name, pattern in sorted(routes().items()):
        url = concrete(name, pattern, values, pks)
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(users[role])
            response = client.get(url, HTTP_ACCEPT="text/html,application/json")
            status = response.status_code
            if status >= 500 and not (name in HEALTH and status == 503):
                problems.append(f"{role} GET {url} ({name}): server error {status}")
            elif role in ACCESS.get(name, ()):
                if status in (401, 403) or _is_login_redirect(response):
                    problems.append(f"{role} GET {url} ({name}): allowed but refused ({status})")
            elif 200 <= status < 300:
                problems.append(f"{role} GET {url} ({name}): not allowed but got {status}")
            elif status not in REFUSED and not _is_login_redirect(response) and status not in (301, 302):
                problems.append(f"{role} GET {url} ({name}): unexpected {status}")
    assert not problems, "\n".join(problems)


def test_only_a_superuser_gets_into_the_admin(client, world):
    from django.contrib.auth import get_user_model

    _values, _pks, users = world
    admin = get_user_model().objects.create_superuser("sweep-admin", "admin@example.com", "pw-sweep-123")
    pages = ["/admin/", "/admin/returns/returnrequest/", "/admin/returns/returnevent/",
             "/admin/inspection/photo/", "/admin/integrations/odooposting/", "/admin/auth/user/"]
    for role, user in [("anonymous", None), *users.items()]:
        client.logout()
        if user is not None:
            client.force_login(user)
        for page in pages:
            response = client.get(page)
            assert _is_login_redirect(response) or response.status_code in REFUSED, (role, page, response.status_code)
    client.force_login(admin)
    for page in pages:
        assert client.get(page).status_code == 200, page
