"""gunicorn settings for Returnflow's web processes (read from ./gunicorn.conf.py, every value from env).

Graceful shutdown: on SIGTERM the master stops accepting connections at once and gives requests in
flight up to GUNICORN_GRACEFUL_TIMEOUT seconds to finish before workers are killed; keep the orchestrator's
grace period longer (Kubernetes terminationGracePeriodSeconds, Compose stop_grace_period) and the load
balancer's health check on /readyz, so a node is drained, not cut.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads (gthread) beyond what is worked on at once and may wait (WEB_MAX_INFLIGHT + WEB_MAX_QUEUE): the
# extra ones answer 503 + Retry-After at once (returnflow/load_shedding.py) instead of queueing unbounded.
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (jittered so they do not all restart together): bounds slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Behind a proxy on another host, list it here so X-Forwarded-Proto is believed (Django's SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
# The access log carries the request id that the audit records and the JSON app logs carry.
if os.environ.get("LOG_FORMAT") == "json":
    access_log_format = ('{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", '
                         '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, '
                         '"request_id": "%({x-request-id}o)s"}')
else:
    access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus request_id=%({x-request-id}o)s'
wsgi_app = os.environ.get("GUNICORN_WSGI_APP", "returnflow.wsgi:application")
# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl), shared by every node
# on the host; nodes are managed by their process supervisor here, so it stays off unless asked for.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "") == ""
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def worker_exit(server, worker):
    # prometheus_client's multiprocess mode: a dead worker's live gauges must not be summed any more.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
