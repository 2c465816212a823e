from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Support console"

    def ready(self):
        from returns.roles import sync_roles

        from . import assignment, quiet_decisions

        # The "Support lead" role holds this app's permission, which exists only after this app's
        # own post_migrate: sync the roles again then (idempotent).
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="support.sync_roles")
        assignment.register_subscribers()
        quiet_decisions.register_subscribers()
