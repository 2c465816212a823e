"""Roles are Django groups; this table is their single definition, synced after every migrate."""
from django.conf import settings

CUSTOMER, INSPECTOR, SUPPORT, FINANCE, SYSTEM = "Customer", "Inspector", "Support agent", "Finance", "System"
SUPPORT_LEAD = "Support lead"  # a support agent who also shares saved views with the team (support console)

ROLE_PERMISSIONS = {
    CUSTOMER: ["returns.act_as_customer"],
    INSPECTOR: ["returns.receive_return", "returns.inspect_return", "returns.view_all_returns"],
    SUPPORT: ["returns.review_return", "returns.release_refund", "returns.view_all_returns"],
    SUPPORT_LEAD: ["returns.review_return", "returns.release_refund", "returns.view_all_returns",
                   "support.share_saved_views"],
    FINANCE: ["returns.approve_refund", "returns.release_refund", "returns.view_all_returns"],
    SYSTEM: ["returns.run_system_transitions", "returns.view_all_returns"],
}
# Roles that may use the support console, the tablet app, and the outbox pages.
STAFF_ROLES = {INSPECTOR, SUPPORT, FINANCE}


def sync_roles(**_kwargs):
    """Create the groups and the system user, and give each group exactly its permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
    User = get_user_model()
    system, created = User.objects.get_or_create(
        username=settings.RETURNFLOW_SYSTEM_USERNAME, defaults={"first_name": "Returnflow", "last_name": "(automatic)"}
    )
    if created:
        system.set_unusable_password()
        system.save()
    system.groups.add(Group.objects.get(name=SYSTEM))


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.groups.values_list("name", flat=True))
