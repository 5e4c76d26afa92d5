"""Roles are Django groups with model permissions; views check permissions, never group names.

ROLE_PERMISSIONS lists each role's permissions as "app_label.codename" patterns (fnmatch), so the
apps to the left of `members` can name theirs without being imported here. `sync_roles` runs after
every migrate (and in the data migration), so a new model's permissions reach the roles at once.
"""

from fnmatch import fnmatch

from django.utils.translation import gettext_lazy as _

CHAIR, COMMITTEE, TREASURER, REVIEWER, MEMBER = "chair", "committee", "treasurer", "reviewer", "member"
# A user of a higher-level union (上级工会, e.g. a district's education union): reads the figures of the
# unions below (federation/), never their people. The chair holds it through "members.*".
FEDERATION = "federation"

ROLE_LABELS = {
    CHAIR: _("Chair"),
    COMMITTEE: _("Committee"),
    TREASURER: _("Treasurer"),
    REVIEWER: _("Fund reviewer"),
    FEDERATION: _("Higher-level union"),
    MEMBER: _("Member"),
}

# Most powerful first: a user's role label is the first group they hold in this order.
ROLE_ORDER = [CHAIR, COMMITTEE, TREASURER, REVIEWER, FEDERATION, MEMBER]

# What every member may do in democratic management (congress/): read the congress, its notices and
# representatives, write proposals (if a representative), suggestions and feedback. Voting needs no
# permission: a ballot's audience decides who votes.
MEMBER_CONGRESS = [
    "congress.view_congress", "congress.view_representative", "congress.view_notice",
    "congress.add_proposal", "congress.add_cosignature", "congress.add_suggestion", "congress.add_noticefeedback",
]

ROLE_PERMISSIONS = {
    CHAIR: [
        "members.*", "plans.*", "activities.*", "funds.*", "unionplan.*", "congress.*", "notify.*",
        # Hands the plan and the summary up (上报), and reviews what the unions below hand up.
        "federation.*",
    ],
    COMMITTEE: [
        "members.view_*", "members.add_*", "members.change_*", "members.delete_department",
        "members.delete_uniongroup", "members.view_sensitive_member", "members.manage_login",
        "plans.view_*", "plans.add_*", "plans.change_*", "plans.delete_*", "activities.*", "funds.view_totals",
        "funds.view_welfarestandard", "funds.view_festivaldistribution", "funds.tick_festivaldistribution",
        "funds.*_carecapreason",
        "unionplan.view_yearsummary", "unionplan.change_yearsummary",
        "congress.*",
        # The committee connects its chats' robots (issue 19: "a committee connects its WeCom chat").
        "notify.*",
    ],
    TREASURER: [
        "members.view_union", "members.view_dashboard", "members.view_department",
        "members.view_uniongroup", "activities.view_activity", "activities.view_activitycategory",
        "activities.add_signup",
        "plans.view_annualplan",
        # Keeps the money; neither signs the fund review nor approves the budget.
        "funds.view_*", "funds.*_dues", "funds.*_wagebase", "funds.*_income", "funds.*_expense",
        "funds.add_budgetline", "funds.change_budgetline", "funds.delete_budgetline",
        "funds.*_expensecategory", "funds.change_fundsettings",
        "funds.*_allocation", "funds.*_finalaccountsnote",
        "funds.*_welfarestandard", "funds.*_festivaldistribution", "funds.*_distributionrecipient",
        "funds.*_carecapreason",
        *MEMBER_CONGRESS,
    ],
    REVIEWER: [
        "members.view_union", "members.view_dashboard", "members.view_department",
        "members.view_uniongroup", "activities.view_activity", "activities.view_activitycategory",
        "activities.add_signup",
        "plans.view_annualplan", "funds.view_*", "funds.add_fundreview", "funds.change_fundreview",
        "funds.sign_fundreview",
        *MEMBER_CONGRESS,
    ],
    FEDERATION: [
        "members.view_federation", "members.view_union", "members.view_workforce",
        "federation.review_submission", "federation.view_submission",
        "activities.view_activity", "activities.view_activitycategory", "activities.add_signup",
        "plans.view_annualplan",
        *MEMBER_CONGRESS,
    ],
    MEMBER: [
        "activities.view_activity", "activities.view_activitycategory", "activities.add_signup",
        "plans.view_annualplan",
        *MEMBER_CONGRESS,
    ],
}

# Which role a committee position grants (issue: roles follow positions).
POSITION_ROLES = {
    "chair": CHAIR,
    "vice_chair": CHAIR,
    "committee": COMMITTEE,
    "treasurer": TREASURER,
    "reviewer": REVIEWER,
}


def permissions_for(role, permissions):
    """The permissions among `permissions` (Permission rows) that `role` holds."""
    patterns = ROLE_PERMISSIONS[role]
    return [
        perm for perm in permissions
        if any(fnmatch(f"{perm.content_type.app_label}.{perm.codename}", p) for p in patterns)
    ]


def sync_roles(apps=None, **kwargs):
    """Create the role groups and give each exactly the permissions its patterns match."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.select_related("content_type"))
    for role in ROLE_ORDER:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permissions_for(role, permissions))


# One permission that tells each role apart, most powerful first: the layout names the user's role
# from the permissions already loaded for the request, without asking for the user's groups.
ROLE_MARKERS = [
    (CHAIR, "plans.approve_annualplan"),
    (COMMITTEE, "members.view_sensitive_member"),
    (TREASURER, "funds.add_dues"),
    (REVIEWER, "funds.sign_fundreview"),
    (FEDERATION, "members.view_federation"),
    (MEMBER, "activities.view_activity"),
]


def displayed_role(user):
    """The role to show beside the user's name (not for access decisions: those check permissions)."""
    return next((role for role, perm in ROLE_MARKERS if user.has_perm(perm)), None)


def role_of(user):
    """The user's most powerful role name, or None."""
    names = {g.name for g in user.groups.all()}
    return next((role for role in ROLE_ORDER if role in names), None)


def role_for_position(position):
    return POSITION_ROLES.get(position, MEMBER)


def apply_position_role(member):
    """Give the member's login the role its committee position grants (no position: member).

    Other groups the user holds are kept; only the role groups are replaced. Returns (old role, new
    role) so that the caller can record the change, or None when the member has no login.
    """
    if member.user_id is None:
        return None
    from django.contrib.auth.models import Group

    user = member.user
    old, new = role_of(user), role_for_position(member.position)
    user.groups.remove(*Group.objects.filter(name__in=ROLE_ORDER))
    user.groups.add(Group.objects.get(name=new))
    return old, new


def role_permissions(role):
    """The "app_label.codename" permissions the role's group holds."""
    from django.contrib.auth.models import Permission

    return {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__name=role).values_list(
            "content_type__app_label", "codename"
        )
    }


def can_grant(user, role):
    """Whether `user` holds every permission of `role`: nobody hands out more than they have."""
    return user.is_superuser or role_permissions(role) <= user.get_all_permissions()


POSITION_REFUSED = _("Only someone with all the rights of this position can change it.")


def may_change_position(user, before, after):
    """Whether `user` may change a committee position from `before` to `after` (the member form and
    the admin alike): giving or taking a role needs all of its rights."""
    return before == after or all(can_grant(user, role_for_position(p)) for p in (before, after))


# -- who may touch a login ---------------------------------------------------------------------------


def rights_of(user):
    """Every permission a login holds, switched on or not: a disabled chair's login still holds the
    chair's rights, and gets them back when it is switched on again."""
    if user.is_active:
        return user.get_all_permissions()
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    permissions = Permission.objects.all()
    if not user.is_superuser:
        permissions = permissions.filter(Q(user=user) | Q(group__user=user))
    rows = permissions.order_by().values_list("content_type__app_label", "codename").distinct()
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def may_manage_login(actor, user):
    """Whether `actor` may do what the login's owner could (reset it, switch it off, change the
    address its password reset goes to, link it to a member record): nobody can touch a login with
    rights they lack, nor someone else's admin (staff) or superuser login."""
    if actor.is_superuser or user.pk == actor.pk:
        return True
    if user.is_superuser or user.is_staff:
        return False
    return rights_of(user) <= actor.get_all_permissions()


def manageable_logins(actor, union):
    """The logins of `union`'s members that `actor` may manage (may_manage_login, in one query)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Exists, OuterRef, Q

    users = get_user_model()._default_manager.all()
    if actor.is_superuser:
        return users
    own = Permission.objects.filter(Q(user=actor) | Q(group__user=actor)).values("pk")
    beyond = Permission.objects.filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))).exclude(pk__in=own)
    others = users.filter(member__union=union, is_superuser=False, is_staff=False).exclude(Exists(beyond))
    return users.filter(Q(pk=actor.pk) | Q(pk__in=others.values("pk")))
