from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Returns"

    def ready(self):
        from .roles import sync_roles

        # After migrate, because permissions themselves are created in post_migrate.
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="returns.sync_roles")
