"""Rate limits behind a proxy and across processes."""
from django.test import RequestFactory

from portal.ratelimit import LOOKUP_PER_IP, client_ip


def test_forwarded_addresses_are_believed_only_as_far_as_the_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_HOPS = 1  # our proxy appended the real client; 6.6.6.6 was made up by the client
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_HOPS = 3  # fewer entries than proxies: do not trust the header at all
    assert client_ip(request) == "10.0.0.2"


def test_a_shared_redis_cache_counts_attempts_across_processes(settings):
    """Two Django cache clients on one Redis stand in for two web processes."""
    from django.core.cache.backends.redis import RedisCache

    import portal.ratelimit as ratelimit

    url = "redis://127.0.0.1:6379/3"
    first, second = RedisCache(url, {}), RedisCache(url, {})
    subject = "198.51.100.9"
    original = ratelimit.cache
    try:
        ratelimit.cache = first
        LOOKUP_PER_IP.reset(subject)
        for _ in range(LOOKUP_PER_IP.attempts):
            LOOKUP_PER_IP.hit(subject)
        ratelimit.cache = second
        assert LOOKUP_PER_IP.blocked_for(subject) > 0
    finally:
        LOOKUP_PER_IP.reset(subject)
        ratelimit.cache = original
