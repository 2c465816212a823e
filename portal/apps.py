from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Customer return portal"

    def ready(self):
        from returns.subscribers import subscribe

        from .notifications import KINDS_BY_STEP, queue_customer_email

        # After the postings, so an e-mail is only queued for a step whose postings were written.
        subscribe("customer e-mails", lambda step: queue_customer_email(step.event), order=50,
                  actions=KINDS_BY_STEP)

        from returnflow.document_brand import provide_document_brand

        from .document_brand import brand_for_documents

        # The evidence pack (support/) shows the store's brand without importing the portal.
        provide_document_brand(brand_for_documents)

        from django.db.models.signals import post_delete, post_save

        from .brand import forget_cached_brand
        from .models import StoreBrand

        # An admin's change shows on the next page, not after the cache expires.
        post_save.connect(forget_cached_brand, sender=StoreBrand, dispatch_uid="portal-brand-saved")
        post_delete.connect(forget_cached_brand, sender=StoreBrand, dispatch_uid="portal-brand-deleted")
