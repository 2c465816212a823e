"""Structured JSON logs that carry the request id (the same id the audit records keep).

`LOG_FORMAT=json` writes one JSON object per line (python-json-logger): time, level, logger, message,
request_id, and whatever `extra=` a call adds. RequestIdMiddleware sets the id on the request;
`RequestIdLogMiddleware` (right after it) puts it in a context variable so every log line written while
answering, from any module, carries it. Lines written outside a request carry `request_id: "-"`.
"""
import contextvars
import logging

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class RequestIdLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request_id.set(getattr(request, "request_id", "-"))
        try:
            return self.get_response(request)
        finally:
            current_request_id.reset(token)


def logging_config(log_format: str, level: str) -> dict:
    """Django's LOGGING: JSON lines or plain text, both with the request id."""
    formatters = {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "returnflow.logs.RequestIdFilter"}},
        "formatters": formatters,
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                                 "formatter": "json" if log_format == "json" else "text"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }
