"""Drives returns through the whole lifecycle over the REST API, as each role would, through a load balancer.

Every step is retried on what a node going away looks like (connection refused or reset, 502/503/504):
a retried create carries the same Idempotency-Key, and a retried transition that already happened answers
409, after which the return's state says whether the step is done. A lifecycle counts as an error only
when it cannot reach `closed` within the deadline.

Used by bench/fleet.py (`make fleet`); the tokens and orders come from bench/fleet_seed.py.
"""
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

RETRYABLE_STATUS = {502, 503, 504}
ORDER = ["authorized", "in_transit", "received", "inspecting", "inspected", "refund_approved", "refunded", "closed"]


class Outages:
    """Times when requests failed for infrastructure reasons; the longest stretch is the failover time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.first_failure = None
        self.longest = 0.0
        self.failures = 0

    def failed(self):
        with self.lock:
            self.failures += 1
            if self.first_failure is None:
                self.first_failure = time.monotonic()

    def succeeded(self):
        with self.lock:
            if self.first_failure is not None:
                self.longest = max(self.longest, time.monotonic() - self.first_failure)
                self.first_failure = None


class Api:
    def __init__(self, base_url: str, outages: Outages, *, step_deadline: float = 60):
        self.base, self.outages, self.step_deadline = base_url.rstrip("/"), outages, step_deadline

    def upload(self, path: str, token: str, field: str, filename: str, content: bytes) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
                f"Content-Type: image/jpeg\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.call("POST", path, token, raw=body,
                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def call(self, method: str, path: str, token: str, body=None, headers=None, raw=None) -> tuple[int, dict]:
        deadline = time.monotonic() + self.step_deadline
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        while True:
            request = urllib.request.Request(self.base + path, data=data, method=method, headers={
                "Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "application/json",
                **(headers or {})})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    self.outages.succeeded()
                    return response.status, json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as exc:
                if exc.code not in RETRYABLE_STATUS:
                    self.outages.succeeded()
                    return exc.code, _json(exc.read())
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            self.outages.failed()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{method} {path}: no answer within {self.step_deadline} s")
            time.sleep(0.3)


def photo_jpeg(label: str) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (176, 132, 84))
    ImageDraw.Draw(image).text((40, 220), label, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _json(raw: bytes) -> dict:
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {"raw": raw[:200].decode(errors="replace")}


class Lifecycle:
    """One order → one return → closed."""

    def __init__(self, api: Api, tokens: dict, order: dict, *, refund_timeout: float = 150):
        self.api, self.tokens, self.order, self.refund_timeout = api, tokens, order, refund_timeout
        self.rma = None

    def run(self) -> str:
        created = self._create()
        self.rma = created["rma_number"]
        url = f"/api/returns/{self.rma}/"
        line_ids = [line["id"] for line in created["lines"]]
        self._step("customer", url + "mark-shipped/", {"carrier": "DHL", "tracking_number": f"FL{self.rma[-6:]}"},
                   "in_transit")
        self._step("inspector", url + "receive/",
                   {"lines": [{"id": i, "quantity_received": 1} for i in line_ids]}, "received")
        self._step("inspector", url + "start-inspection/", {}, "inspecting")
        for line_id in line_ids:
            # Inspection evidence: the original and its renditions go to object storage (MEDIA_STORAGE=s3).
            status, body = self.api.upload(url + f"lines/{line_id}/photos/", self.tokens["inspector"],
                                           "photos", f"{self.rma}.jpg", photo_jpeg(self.rma))
            if status != 201:
                raise RuntimeError(f"{self.rma} photo for line {line_id}: {status} {body}")
            status, body = self.api.call("POST", url + f"lines/{line_id}/inspect/", self.tokens["inspector"],
                                         {"grade": "A", "disposition": "restock", "quantity_accepted": 1})
            if status not in (200, 201, 409):
                raise RuntimeError(f"{self.rma} inspect line {line_id}: {status} {body}")
        self._step("inspector", url + "complete-inspection/", {}, "inspected")
        self._step("support", url + "release-refund/", {"note": "fleet run"}, "refund_approved")
        self._wait_for_state("refunded", self.refund_timeout)  # a worker posts the credit note; Odoo confirms it
        self._step("support", url + "close/", {}, "closed")
        return self.rma

    def _create(self) -> dict:
        body = {"order": self.order["number"],
                "lines": [{"order_line": line_id, "quantity": 1, "reason": "changed_mind"}
                          for line_id in self.order["line_ids"]]}
        key = f"fleet-{self.order['number']}-{uuid.uuid4().hex[:6]}"
        status, created = self.api.call("POST", "/api/returns/", self.tokens["customer"], body,
                                        {"Idempotency-Key": key})
        if status != 201 or created.get("state") != "authorized":
            raise RuntimeError(f"create for {self.order['number']}: {status} {created}")
        return created

    def _state(self) -> str:
        status, body = self.api.call("GET", f"/api/returns/{self.rma}/", self.tokens["support"])
        if status != 200:
            raise RuntimeError(f"{self.rma}: GET {status} {body}")
        return body["state"]

    def _step(self, role: str, path: str, body: dict, target: str):
        status, answer = self.api.call("POST", path, self.tokens[role], body)
        if status == 200 and answer.get("state") == target:
            return
        # 409 after a retry: the first attempt did go through on a node that then went away. Check.
        if status == 409 and _at_or_after(self._state(), target):
            return
        raise RuntimeError(f"{self.rma} {path}: {status} {answer}")

    def _wait_for_state(self, target: str, timeout: float):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _at_or_after(self._state(), target):
                return
            time.sleep(1.0)
        raise TimeoutError(f"{self.rma} did not become {target} within {timeout} s")


def _at_or_after(state: str, target: str) -> bool:
    return state in ORDER and ORDER.index(state) >= ORDER.index(target)


def run_lifecycles(base_url: str, tokens: dict, orders: list[dict], *, concurrency: int = 4,
                   on_progress=None) -> dict:
    """Runs every order's lifecycle; `on_progress(done, total)` lets the caller inject failures mid-run."""
    outages = Outages()
    api = Api(base_url, outages)
    done, errors, rmas = [0], [], []
    lock = threading.Lock()

    def one(order):
        try:
            rma = Lifecycle(api, tokens, order).run()
            with lock:
                rmas.append(rma)
        except Exception as exc:  # noqa: BLE001 - counted and reported, the run goes on
            with lock:
                errors.append(f"{order['number']}: {exc}")
        finally:
            with lock:
                done[0] += 1
                count = done[0]
            if on_progress:
                on_progress(count, len(orders))

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, orders))
    return {"closed": rmas, "errors": errors, "seconds": time.monotonic() - started,
            "failover_s": outages.longest, "failed_requests": outages.failures}
