"""Group robots (群机器人) and the outbox of what they post.

A `Robot` is a chat group's webhook (企业微信, 钉钉 with 加签, 飞书 with 签名校验) and the events it
posts. Every message is first an `OutboxMessage` row, written in the same transaction as the event
(notify.events) or by the delivery pass for reminders (notify.schedule); `notify.delivery` sends the
rows. A row's `dedup_key` is unique per robot, so nothing is enqueued — or sent — twice.
"""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.encryption import EncryptedTextField
from members.models import UnionOwned, UnionQuerySet, Versioned


class Platform(models.TextChoices):
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    FEISHU = "feishu", _("Feishu")


# Messages a platform accepts from one robot: (per minute, per second or None).
RATE_LIMITS = {
    Platform.WECOM: (20, None),
    Platform.DINGTALK: (20, None),
    Platform.FEISHU: (100, 5),
}

# The hosts each platform's webhooks live on (README: NOTIFY_ANY_WEBHOOK_HOST allows others).
WEBHOOK_HOSTS = {
    Platform.WECOM: ["qyapi.weixin.qq.com"],
    Platform.DINGTALK: ["oapi.dingtalk.com"],
    Platform.FEISHU: ["open.feishu.cn", "open.larksuite.com"],
}


class Event(models.TextChoices):
    """What a robot may post; each has a switch on the robot (Robot.EVENT_FIELDS)."""

    ACTIVITY_OPEN = "activity_open", _("New activity open for sign-up")
    ACTIVITY_TOMORROW = "activity_tomorrow", _("Reminder the day before an activity")
    SIGNUP_CLOSING = "signup_closing", _("Reminder before a sign-up deadline")
    BIRTHDAYS = "birthdays", _("This week's birthdays")
    PLAN_ITEMS = "plan_items", _("Plan items coming due and overdue")
    APPROVALS = "approvals", _("Approvals waiting (plans, fund reviews)")
    CONGRESS = "congress", _("New notices and congress replies")


TEST = "test"  # an outbox message's kind: one of the events, or a test sent from the robot's page
KIND_CHOICES = [*Event.choices, (TEST, _("Test message"))]


# Posted to the committee's chat only: who has a birthday, what the committee is late with, what waits
# for its approval are not for a chat of all members.
COMMITTEE_ONLY = [Event.BIRTHDAYS, Event.PLAN_ITEMS, Event.APPROVALS]


class RobotQuerySet(UnionQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def posting(self, event):
        """The active robots that post `event` (committee-only events: only to committee chats)."""
        robots = self.active().filter(**{Robot.EVENT_FIELDS[event]: True})
        return robots.filter(committee_chat=True) if event in COMMITTEE_ONLY else robots


class Robot(UnionOwned, Versioned):
    name = models.CharField(_("name"), max_length=60, help_text=_("The chat group, e.g. 全体会员群."))
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices, default=Platform.WECOM)
    committee_chat = models.BooleanField(
        _("this is the committee's chat"),
        default=False,
        help_text=_("Birthdays, plan items and approvals are posted only to the committee's chat."),
    )
    webhook_url = EncryptedTextField(_("webhook address"))
    secret = EncryptedTextField(_("signing secret"), blank=True)
    is_active = models.BooleanField(_("posting"), default=True, help_text=_("Off: the robot posts nothing."))
    posts_activity_open = models.BooleanField(Event.ACTIVITY_OPEN.label, default=True)
    posts_activity_tomorrow = models.BooleanField(Event.ACTIVITY_TOMORROW.label, default=True)
    posts_signup_closing = models.BooleanField(Event.SIGNUP_CLOSING.label, default=True)
    posts_birthdays = models.BooleanField(Event.BIRTHDAYS.label, default=False)
    posts_plan_items = models.BooleanField(Event.PLAN_ITEMS.label, default=False)
    posts_approvals = models.BooleanField(Event.APPROVALS.label, default=False)
    posts_congress = models.BooleanField(Event.CONGRESS.label, default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    EVENT_FIELDS = {event: f"posts_{event.value}" for event in Event}

    objects = RobotQuerySet.as_manager()

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        for event in COMMITTEE_ONLY:
            field = self.EVENT_FIELDS[event]
            if getattr(self, field) and not self.committee_chat:
                errors[field] = _("“%(event)s” is posted only to the committee's chat, never to a members' chat.") % {
                    "event": event.label
                }
        if errors:
            raise ValidationError(errors)

    def posts(self, event):
        return getattr(self, self.EVENT_FIELDS[event]) and (self.committee_chat or event not in COMMITTEE_ONLY)

    @property
    def events(self):
        """The events it posts, for its page."""
        return [event for event in Event if self.posts(event)]

    @property
    def masked_url(self):
        return mask_url(self.webhook_url)

    @property
    def needs_secret(self):
        return self.platform != Platform.WECOM


def mask_url(url):
    """The webhook as a page may show it: host, then the last four characters of the key, e.g.
    https://qyapi.weixin.qq.com/…key=****abcd. The key is what lets anyone post to the chat."""
    if not url:
        return ""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    name = f"{query[-1][0]}=" if query else ""
    return f"{parts.scheme}://{parts.netloc}/…{name}****{url[-4:]}"


class OutboxQuerySet(UnionQuerySet):
    def due(self, now=None):
        return self.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now or timezone.now())

    def attempted_since(self, moment):
        return self.filter(last_attempt_at__gte=moment)


class OutboxMessage(UnionOwned):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    robot = models.ForeignKey(Robot, on_delete=models.CASCADE, related_name="messages", verbose_name=_("robot"))
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    dedup_key = models.CharField(_("message key"), max_length=120)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), help_text=_("In the platform's markdown."))
    link = models.URLField(_("link"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.TextField(_("platform's answer"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["robot", "dedup_key"], name="outbox_once_per_robot"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]), name="outbox_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["robot", "last_attempt_at"], name="outbox_robot_attempts"),
            models.Index(fields=["robot", "-created_at"], name="outbox_robot_recent"),
        ]

    def __str__(self):
        return self.title

    @property
    def link_text(self):
        with translation.override(settings.LANGUAGE_CODE):
            return gettext("View details")

    @property
    def is_retrying(self):
        return self.status == self.Status.PENDING and self.attempts > 0


# Retries: 30 s, 1 min, 2 min … capped at an hour; after MAX_ATTEMPTS the message is given up (failed).
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
MAX_ATTEMPTS = 10


def retry_delay(attempts):
    """How long after its `attempts`-th failed attempt a message is tried again."""
    return min(FIRST_RETRY * 2 ** (max(attempts, 1) - 1), LONGEST_RETRY)
