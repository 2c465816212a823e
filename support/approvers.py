"""Who else can approve a refund proposal, so that a proposal never dead-ends silently: the page
names the finance colleagues who may approve it, or says that nobody else holds the role and who
can change that."""
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from returns import permissions as perm


def approval_holders():
    """Active people who may approve a refund proposal: the Finance role, the permission given to a
    user directly, or a superuser (the admin lists the same people, support.admin)."""
    app_label, codename = perm.PERM_APPROVE_REFUND.split(".", 1)
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
                    | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
                    | Q(is_superuser=True))
            .exclude(username=_system_username()).distinct())


def other_approvers(ret) -> list:
    """Active users who hold the approve-refund permission and did not propose this refund."""
    users = approval_holders().exclude(pk=ret.refund_proposed_by_id)
    return list(users.order_by("first_name", "username"))


def _system_username():
    from django.conf import settings

    return settings.RETURNFLOW_SYSTEM_USERNAME


def approvers_sentence(ret) -> str:
    people = other_approvers(ret)
    if not people:
        return _("Nobody else holds the Finance role, so nobody can approve this proposal yet: ask an "
                 "administrator to give the Finance role to a second person (Admin ▸ Users, filtered by "
                 "“Can approve refunds”, lists everyone who may).")
    names = ", ".join(u.get_full_name() or u.get_username() for u in people)
    return _("Who can approve it: %(names)s.") % {"names": names}
