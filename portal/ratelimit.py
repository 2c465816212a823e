"""Fixed-window attempt counters in the Django cache, against guessing order details.

The counters live in the default cache. With the process-local default cache each web process
counts on its own; production should point CACHES at Redis so that all processes share the count.
"""
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int

    def _keys(self, subject: str):
        digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
        base = f"portal:rl:{self.name}:{digest}"
        return f"{base}:n", f"{base}:t"

    def blocked_for(self, subject: str) -> int:
        """Seconds until the next attempt is allowed; 0 when it is allowed now."""
        count_key, start_key = self._keys(subject)
        count = cache.get(count_key, 0)
        if count < self.attempts:
            return 0
        started = cache.get(start_key) or time.time()
        return max(1, math.ceil(started + self.window_seconds - time.time()))

    def hit(self, subject: str) -> None:
        count_key, start_key = self._keys(subject)
        # add() only sets a missing key, so the window starts at the first attempt and does not slide.
        cache.add(start_key, time.time(), self.window_seconds)
        cache.add(count_key, 0, self.window_seconds)
        try:
            cache.incr(count_key)
        except ValueError:  # expired between add() and incr()
            cache.set(count_key, 1, self.window_seconds)

    def reset(self, subject: str) -> None:
        cache.delete_many(self._keys(subject))


def _configured(name, attempts, window):
    overrides = getattr(settings, "PORTAL_RATE_LIMITS", {}).get(name, {})
    return Limit(name, overrides.get("attempts", attempts), overrides.get("window_seconds", window))


# Every lookup from one address counts. For one order number only failed ones count, in two separate
# counters: per order *and address* (a low limit: blocks that address for that order only, so a
# stranger guessing cannot lock the real customer out) and per order from all addresses together (a
# high limit, against guessing spread over many addresses; the signed e-mail link still opens it).
LOOKUP_PER_IP = _configured("lookup_ip", 10, 15 * 60)
LOOKUP_PER_ORDER_FROM_IP = _configured("lookup_order_ip", 5, 15 * 60)
LOOKUP_PER_ORDER = _configured("lookup_order", 30, 60 * 60)
# Asking for a sign-in link: per address, and per e-mail address (so nobody floods one inbox).
SIGN_IN_PER_IP = _configured("sign_in_ip", 10, 15 * 60)
SIGN_IN_PER_EMAIL = _configured("sign_in_email", 3, 15 * 60)


def order_from_ip(number: str, ip: str) -> str:
    """The subject of LOOKUP_PER_ORDER_FROM_IP."""
    return f"{number}|{ip}"


def client_ip(request) -> str:
    """The caller's address. X-Forwarded-For is believed only as far as settings.TRUSTED_PROXY_HOPS
    proxies of our own appended to it: earlier entries are whatever the client chose to send."""
    hops = settings.TRUSTED_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or "unknown"


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
