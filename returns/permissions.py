"""Who may run which lifecycle transition.

Each transition names one of these predicates as its django-fsm `permission`; they are also the
single source for the API and the pages, which offer only the moves a user may make.
"""
from django.conf import settings

APP = "returns"
PERM_ACT_AS_CUSTOMER = f"{APP}.act_as_customer"
PERM_REVIEW = f"{APP}.review_return"
PERM_RECEIVE = f"{APP}.receive_return"
PERM_INSPECT = f"{APP}.inspect_return"
PERM_RELEASE_REFUND = f"{APP}.release_refund"
PERM_APPROVE_REFUND = f"{APP}.approve_refund"
PERM_SYSTEM = f"{APP}.run_system_transitions"
PERM_VIEW_ALL = f"{APP}.view_all_returns"


def is_owner(instance, user) -> bool:
    return bool(user and user.is_authenticated and instance.customer.user_id == user.pk)


def customer_owner(instance, user) -> bool:
    return user.has_perm(PERM_ACT_AS_CUSTOMER) and is_owner(instance, user)


def reviewer(instance, user) -> bool:
    return user.has_perm(PERM_REVIEW)


def customer_owner_or_reviewer(instance, user) -> bool:
    return customer_owner(instance, user) or reviewer(instance, user)


def receiver(instance, user) -> bool:
    return user.has_perm(PERM_RECEIVE)


def inspector(instance, user) -> bool:
    return user.has_perm(PERM_INSPECT)


def refund_releaser(instance, user) -> bool:
    return user.has_perm(PERM_RELEASE_REFUND)


def second_refund_approver(instance, user) -> bool:
    """Finance approves a large refund, and never one they proposed (segregation of duties)."""
    return user.has_perm(PERM_APPROVE_REFUND) and instance.refund_proposed_by_id != user.pk


def refund_proposal_reviewer(instance, user) -> bool:
    """Finance rejects a proposal or sends it back, never their own: the proposer withdraws it instead,
    so nobody decides on their own proposal either way (segregation of duties)."""
    return user.has_perm(PERM_APPROVE_REFUND) and instance.refund_proposed_by_id != user.pk


def refund_proposer(instance, user) -> bool:
    """The person who proposed the refund (and may still release refunds) takes it back."""
    return (instance.refund_proposed_by_id is not None and instance.refund_proposed_by_id == user.pk
            and user.has_perm(PERM_RELEASE_REFUND))


def system(instance, user) -> bool:
    return user.has_perm(PERM_SYSTEM)


def system_or_reviewer(instance, user) -> bool:
    return system(instance, user) or reviewer(instance, user)


def customer_owner_reviewer_or_system(instance, user) -> bool:
    return customer_owner_or_reviewer(instance, user) or system(instance, user)


def can_view_return(instance, user) -> bool:
    """Staff roles see every return; a customer only their own."""
    return user.has_perm(PERM_VIEW_ALL) or is_owner(instance, user)


def system_user():
    """The actor recorded for automatic transitions (policy review, ERP confirmations, expiry)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.get(username=settings.RETURNFLOW_SYSTEM_USERNAME)


AGENT_PERMS = (PERM_REVIEW, PERM_RELEASE_REFUND, PERM_APPROVE_REFUND)


def is_agent(user) -> bool:
    """Support or finance: the people who work the console's queues."""
    return any(user.has_perm(p) for p in AGENT_PERMS)


def require_agent(user, what) -> None:
    from django.utils.translation import gettext as _

    from .errors import ReturnPermissionDenied

    if not is_agent(user):
        raise ReturnPermissionDenied(_("Only support and finance can %(what)s.") % {"what": what})
