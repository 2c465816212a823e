"""Support console pages: queues, a return's detail, decisions, evidence and the dashboard."""
from returnflow.access import role_required
from returns import permissions as perm

# Support agents and finance; inspectors and customers get 403, anonymous users the login page.
staff_required = role_required(perm.PERM_REVIEW, perm.PERM_APPROVE_REFUND)
