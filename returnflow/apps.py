from django.apps import AppConfig


class ReturnflowConfig(AppConfig):
    """The project package as an app, only so that its system checks are registered at start-up."""

    name = "returnflow"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
