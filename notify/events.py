"""Messages caused by something someone did, written to the outbox in that change's own transaction
(post_save runs inside it: if the change is rolled back, so is its message).

- an activity opened for sign-up (saved with sign-up open, a date, planned or confirmed, before its
  sign-up closes) → "new activity open for sign-up", once per activity;
- a plan submitted for approval (AnnualPlan.submit writes with update(), so its history entry is the
  signal) → "approvals waiting", once per submission;
- a fund review drafted → "approvals waiting": the reviewers have a review to sign;
- a notice (公示) published → "congress news", once per notice (to members' chats only when it is for
  all members);
- a proposal's reply recorded → "congress news", to committee chats, once per reply.
"""

from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext as _

from notify.models import Event, Robot
from notify.outbox import enqueue
from notify.schedule import for_activity
from notify.texts import activity_lines, day_text, moment_text


def connect():
    post_save.connect(activity_saved, sender="activities.Activity", dispatch_uid="notify.activity_saved")
    post_save.connect(history_recorded, sender="members.HistoryEntry", dispatch_uid="notify.history_recorded")
    post_save.connect(fund_review_saved, sender="funds.FundReview", dispatch_uid="notify.fund_review_saved")
    post_save.connect(notice_saved, sender="congress.Notice", dispatch_uid="notify.notice_saved")
    post_save.connect(reply_saved, sender="congress.ProposalReply", dispatch_uid="notify.reply_saved")


def raw(kwargs):
    return kwargs.get("raw", False)  # loaddata: fixtures are not events


# -- activities ------------------------------------------------------------------------------------


def activity_saved(sender, instance, **kwargs):
    if raw(kwargs) or not instance.signup_open or instance.signup_problem() is not None:
        return
    activity_opened(instance)


def activity_opened(activity):
    robots = for_activity(Robot.objects.for_union(activity.union_id).active(), Event.ACTIVITY_OPEN, activity)
    enqueue(robots, Event.ACTIVITY_OPEN, f"activity-open:{activity.pk}", lambda: activity_open_text(activity))


def activity_open_text(activity):
    lines = activity_lines(activity)
    lines.append(_("Sign up by %(when)s") % {"when": moment_text(activity.signup_closes())})
    if activity.capacity:
        lines.append(_("%(count)s places") % {"count": activity.capacity})
    return _("Open for sign-up: %(title)s") % {"title": activity.title}, lines, activity.get_absolute_url()


# -- approvals -------------------------------------------------------------------------------------


def history_recorded(sender, instance, created=False, **kwargs):
    if raw(kwargs) or not created:
        return
    from plans.models import AnnualPlan

    # members.history hands the entry its ContentType: reading it costs no query (a lookup of
    # AnnualPlan's would, in the histories of every other record too).
    subject = instance.content_type
    if (subject.app_label, subject.model) != ("plans", "annualplan"):
        return
    plan = AnnualPlan.objects.filter(pk=instance.object_id, status=AnnualPlan.Status.SUBMITTED).first()
    if plan is not None and plan.submitted_at:
        plan_submitted(plan)


def plan_submitted(plan):
    """Keyed by the moment of submission: another entry in the plan's history while it waits (an item
    done) announces nothing, a plan submitted again is announced again."""
    robots = Robot.objects.for_union(plan.union_id).posting(Event.APPROVALS)

    def compose():
        return (
            _("Waiting for approval: %(title)s") % {"title": plan},
            [_("The %(year)s plan was submitted on %(when)s and waits for approval.")
             % {"year": plan.year, "when": moment_text(plan.submitted_at)}],
            reverse("plans:detail", args=[plan.year]),
        )

    enqueue(robots, Event.APPROVALS, f"plan-submitted:{plan.pk}:{plan.submitted_at.isoformat()}", compose)


def fund_review_saved(sender, instance, created=False, **kwargs):
    if raw(kwargs) or not created:
        return
    review = instance
    robots = Robot.objects.for_union(review.union_id).posting(Event.APPROVALS)

    def compose():
        return (
            _("Waiting for signatures: %(title)s") % {"title": review.title},
            [_("Period: %(period)s. The reviewers read it and sign it once the period has ended.")
             % {"period": review.period_label}],
            reverse("funds:review", args=[review.pk]),
        )

    enqueue(robots, Event.APPROVALS, f"fund-review:{review.pk}", compose)


# -- congress (not connected yet: see connect()) ----------------------------------------------------


def notice_saved(sender, instance, **kwargs):
    # A notice is saved once more when it is published, and never after (congress.models.Notice).
    if not raw(kwargs) and instance.published_at is not None:
        notice_published(instance, reverse("congress:notice-detail", args=[instance.pk]))


def reply_saved(sender, instance, created=False, **kwargs):
    if not raw(kwargs) and created:
        proposal_replied(instance, reverse("congress:proposal-detail", args=[instance.proposal_id]))


def notice_published(notice, path=""):
    """A notice (公示) was published: every robot posting congress news says so, once per notice.
    `path` is the notice's page (congress's URL names are not settled yet)."""
    robots = Robot.objects.for_union(notice.union_id).posting(Event.CONGRESS)
    if notice.audience != notice.Audience.ALL:  # a department's or the representatives' notice: not to everyone
        robots = robots.filter(committee_chat=True)

    def compose():
        lines = []
        ends = getattr(notice, "publicity_ends_on", None)
        if ends:
            lines.append(_("Publicity period until %(day)s") % {"day": day_text(ends)})
        return _("New notice: %(title)s") % {"title": notice}, lines, path

    enqueue(robots, Event.CONGRESS, f"notice:{notice.pk}", compose)


def proposal_replied(reply, path=""):
    """A proposal (提案) got its reply: robots posting congress news say so, once per reply."""
    # Submitted proposals are for the representatives and the committee (congress.proposals), not all members.
    robots = Robot.objects.for_union(reply.union_id).posting(Event.CONGRESS).filter(committee_chat=True)
    proposal = getattr(reply, "proposal", None)

    def compose():
        return _("Proposal answered: %(title)s") % {"title": proposal or reply}, [], path

    enqueue(robots, Event.CONGRESS, f"proposal-reply:{reply.pk}", compose)
