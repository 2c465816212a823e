from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API: an audience layer beside the portal, the tablet pages and the console."""

    name = "api"
    verbose_name = "REST API"
