"""The console's own data: who works on which return, the views agents save, and the e-mails
agents write to customers.

Everything the lifecycle owns (state, decisions, the audit trail) stays in `returns`; these rows
only organise the work around it. Changes to assignment and every reply also write an audit
record (returns.services.audit), so the return's timeline tells the whole story.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """Who has a return: durable ownership until handed over or released."""

    return_request = models.OneToOneField("returns.ReturnRequest", on_delete=models.CASCADE, primary_key=True,
                                          related_name="assignment")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.return_request_id} → {self.assignee}"


class WorkLock(models.Model):
    """A soft lock: this agent has the return open to decide it. It expires on its own (see
    support.assignment.LOCK_MINUTES), so a closed browser tab never blocks anyone for long."""

    return_request = models.OneToOneField("returns.ReturnRequest", on_delete=models.CASCADE, primary_key=True,
                                          related_name="work_lock")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    renewed_at = models.DateTimeField(default=timezone.now)


class SavedView(models.Model):
    """A queue with its filters, named by an agent; a lead may share it with every agent."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(max_length=80)
    queue = models.SlugField(max_length=40)
    query = models.CharField(max_length=500, blank=True, help_text="The queue's filters as a query string.")
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        permissions = [("share_saved_views", "Can save views shared with every agent (support lead)")]
        constraints = [models.UniqueConstraint(fields=["owner", "queue", "name"], name="saved_view_unique_name")]

    def __str__(self):
        return self.name


class ReplyMacro(models.Model):
    """A canned answer; {customer_name}, {rma}, … are filled in when the reply is sent."""

    name = models.CharField(max_length=80, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingMessage(models.Model):
    """An e-mail an agent wrote to the customer: written in the request's transaction, sent by
    support.tasks.send_outgoing_message after commit (the outbox pattern, like Odoo postings)."""

    return_request = models.ForeignKey("returns.ReturnRequest", on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    macro = models.ForeignKey(ReplyMacro, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED,
                             db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"
