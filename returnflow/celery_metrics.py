"""Celery task metrics: signal handlers counting each task's outcome and duration in the worker.

`CELERY_METRICS_PORT` (e.g. 9808) makes the worker serve them on 127.0.0.1:<port>/metrics; with
prefork workers also set PROMETHEUS_MULTIPROC_DIR so the children's counts are summed.
"""
import os
import time

from celery import signals

_started: dict[str, float] = {}


@signals.task_prerun.connect
def _task_started(task_id=None, **kwargs):
    _started[task_id] = time.perf_counter()


@signals.task_postrun.connect
def _task_finished(task_id=None, task=None, state=None, **kwargs):
    from .metrics import TASK_SECONDS, TASKS

    started = _started.pop(task_id, None)
    name = getattr(task, "name", "unknown")
    TASKS.labels(name, (state or "unknown").lower()).inc()
    if started is not None:
        TASK_SECONDS.labels(name).observe(time.perf_counter() - started)


@signals.worker_ready.connect
def _serve_metrics(**kwargs):
    port = os.environ.get("CELERY_METRICS_PORT")
    if not port:
        return
    from prometheus_client import CollectorRegistry, start_http_server

    registry = None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(int(port), addr=os.environ.get("CELERY_METRICS_ADDR", "127.0.0.1"),
                      **({"registry": registry} if registry else {}))


@signals.worker_process_shutdown.connect
def _mark_dead(pid=None, **kwargs):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())
