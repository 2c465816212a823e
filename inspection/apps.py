from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = "Inspection"

    def ready(self):
        from returns.subscribers import subscribe

        from .receiving_session import CLOSING_STEPS, sessions_close_on_step

        subscribe("close receiving sessions", sessions_close_on_step, order=20, actions=CLOSING_STEPS)
