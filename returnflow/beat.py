"""Celery beat that runs once per fleet: a Redis lock decides which beat process ticks.

Any number of `celery beat` processes may run (one per node, or a spare): only the holder of the lock
sends scheduled tasks; the others wait and take over within `BEAT_LOCK_TTL_SECONDS` when the holder
dies (the lock expires unless renewed). Enabled with CELERY_BEAT_SCHEDULER=returnflow.beat.FleetLockScheduler
(the settings' default when the broker is Redis). Without Redis (embedded mode) there is no beat at all.
"""
import logging
import os
import socket
import uuid

from celery.beat import PersistentScheduler

logger = logging.getLogger(__name__)
LOCK_KEY = "returnflow:celery-beat:lock:{queue}"  # one lock per fleet: a fleet shares its broker and queue

# Renew only if we still hold it; release only our own lock (never another beat's).
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class BeatLock:
    """A lease in Redis: SET NX with a TTL, renewed by its holder, compared by a per-process token."""

    def __init__(self, redis_url: str, *, ttl_seconds: float = 30, key: str):
        import redis

        self.client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
        self.key, self.ttl_ms = key, int(ttl_seconds * 1000)
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.held = False

    def acquire_or_renew(self) -> bool:
        import redis

        try:
            if self.held and self.client.eval(_RENEW, 1, self.key, self.token, self.ttl_ms):
                return True
            self.held = bool(self.client.set(self.key, self.token, nx=True, px=self.ttl_ms))
        except redis.RedisError as exc:  # Redis away: nobody can be sure to hold it, so do not tick
            logger.warning("beat lock: Redis unreachable (%s); not sending scheduled tasks", exc)
            self.held = False
        return self.held

    def release(self) -> None:
        import redis

        try:
            self.client.eval(_RELEASE, 1, self.key, self.token)
        except redis.RedisError:
            pass  # it expires by itself
        self.held = False

    def holder(self) -> str | None:
        value = self.client.get(self.key)
        return value.decode() if value else None


def lock_redis_url() -> str:
    from django.conf import settings

    for url in (settings.CELERY_BROKER_URL, os.environ.get("CACHE_URL", "")):
        if url.startswith(("redis://", "rediss://")):
            return url
    return ""


class FleetLockScheduler(PersistentScheduler):
    """PersistentScheduler whose ticks happen only while this process holds the fleet's beat lock."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ttl = float(os.environ.get("BEAT_LOCK_TTL_SECONDS", "30"))
        url = lock_redis_url()
        from django.conf import settings

        key = os.environ.get("BEAT_LOCK_KEY") or LOCK_KEY.format(queue=settings.CELERY_TASK_DEFAULT_QUEUE)
        self.lock = BeatLock(url, ttl_seconds=ttl, key=key) if url else None
        self.renew_every = max(1.0, ttl / 3)

    def tick(self, *args, **kwargs):
        if self.lock is None:
            return super().tick(*args, **kwargs)
        was_held = self.lock.held
        if not self.lock.acquire_or_renew():
            if was_held:
                logger.warning("beat lock lost; this beat stops sending scheduled tasks")
            return self.renew_every
        if not was_held:
            logger.info("beat lock acquired (%s); this beat sends the scheduled tasks", self.lock.token)
        return min(super().tick(*args, **kwargs), self.renew_every)

    def close(self):
        if self.lock is not None:
            self.lock.release()
        super().close()
