from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = "Inspection"

    def ready(self):
        from returns.subscribers import subscribe

        from .receiving_session import CLOSING_STEPS, sessions_close_on_step

        subscribe("close receiving sessions", sessions_close_on_step, order=20, actions=CLOSING_STEPS)
        from .lpn import plates_on_completion

        # Every disposed unit has a license plate once the inspection is complete, however it was graded.
        subscribe("license plates", plates_on_completion, order=5, actions={"complete_inspection"})
        from .vendor_returns import units_join_batches

        subscribe("vendor return batches", units_join_batches, order=6, actions={"complete_inspection"})
