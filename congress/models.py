"""Democratic management (民主管理): the congress and its proposals, suggestions, ballots and notices.

Secrecy is kept by the schema, not by good manners: an anonymous suggestion stores no member, and a
ballot's voters (`BallotVoter`) and its answers (`BallotResponse`) are two tables with random keys and
no timestamps, so no order or time links a person to a ballot paper.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Department, Member, UnionOwned, UnionQuerySet, Versioned
from plans.numbering import chinese_numeral


class Congress(UnionOwned, Versioned):
    """One session of a workers' or teachers' congress: 第九届第六次教代会."""

    class Kind(models.TextChoices):
        WORKERS = "workers", _("Workers' congress")  # 职代会
        TEACHERS = "teachers", _("Teachers' congress")  # 教代会
        MEMBERS = "members", _("Members' congress")  # 会员代表大会

    class Status(models.TextChoices):
        PREPARING = "preparing", _("In preparation")
        IN_SESSION = "in_session", _("In session")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORKERS)
    term = models.PositiveSmallIntegerField(_("term"))  # 届
    session = models.PositiveSmallIntegerField(_("session"))  # 次
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREPARING)
    # 附议: how many representatives besides the proposer must sign a proposal before it may be registered.
    cosigners_required = models.PositiveSmallIntegerField(
        _("co-signers required"), default=2,
        help_text=_("How many other representatives must co-sign a proposal before it can be registered."),
    )
    proposals_until = models.DateField(
        _("proposals accepted until"), null=True, blank=True,
        help_text=_("Empty: proposals are accepted while the congress is not closed."),
    )
    # 提案工作委员会: may register, merge or decline proposals and record replies.
    proposal_committee = models.ManyToManyField(
        Member, blank=True, related_name="proposal_committees", verbose_name=_("proposal committee"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["-term", "-session"]
        constraints = [
            models.UniqueConstraint(fields=["union", "term", "session", "kind"], name="congress_unique_session"),
        ]
        permissions = [("review_proposal", _("Can review proposals and record replies"))]

    def __str__(self):
        return _("Term %(term)s, session %(session)s %(kind)s") % {
            "term": chinese_numeral(self.term), "session": chinese_numeral(self.session),
            "kind": self.short_kind,
        }

    @property
    def short_kind(self):
        return {self.Kind.WORKERS: _("workers' congress"), self.Kind.TEACHERS: _("teachers' congress"),
                self.Kind.MEMBERS: _("members' congress")}[self.kind]


class Delegation(UnionOwned):
    """代表团 / 代表组: the representatives of a department or constituency."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegations",
                                 verbose_name=_("congress"))
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The departments whose members this delegation represents: how a member finds their representatives.
    departments = models.ManyToManyField(Department, blank=True, related_name="delegations",
                                         verbose_name=_("departments represented"))

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="delegation_unique_name")]

    def __str__(self):
        return self.name


class RepresentativeQuerySet(UnionQuerySet):
    def serving(self, on=None):
        on = on or timezone.localdate()
        return self.filter(models.Q(term_ends_on__isnull=True) | models.Q(term_ends_on__gte=on),
                           term_starts_on__lte=on)

    def representing(self, member):
        """The representatives of the delegation that stands for the member's department."""
        if member.department_id is None:
            return self.none()
        return self.filter(delegation__departments=member.department_id)


class Representative(UnionOwned):
    """代表: a member elected to a congress, in a delegation, for a term."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="representatives",
                                 verbose_name=_("congress"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="representations",
                               verbose_name=_("member"))
    delegation = models.ForeignKey(Delegation, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="representatives", verbose_name=_("delegation"))
    is_leader = models.BooleanField(_("delegation leader"), default=False)  # 团长 / 组长
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["member__name_pinyin", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="representative_unique_member"),
        ]

    def __str__(self):
        return self.member.name


class ProposalQuerySet(UnionQuerySet):
    def overdue(self, today=None):
        """Registered and assigned, with no reply by the deadline."""
        today = today or timezone.localdate()
        return self.filter(status=Proposal.Status.REGISTERED, reply_due_on__lt=today)

    def visible_to(self, user, member):
        """A draft is its proposer's alone; a submitted proposal is read by the representatives and the
        proposal committee of its congress and by whoever may read or review all proposals."""
        own = models.Q(proposer__member=member) if member is not None else models.Q(pk__in=[])
        submitted = ~models.Q(status=Proposal.Status.DRAFT)
        if user.has_perm("congress.view_proposal") or user.has_perm("congress.review_proposal"):
            return self.filter(own | submitted)
        if member is None:
            return self.none()
        represented = Representative.objects.filter(member=member).values("congress_id")
        on_committee = Congress.proposal_committee.through.objects.filter(member=member).values("congress_id")
        theirs = models.Q(congress__in=represented) | models.Q(congress__in=on_committee)
        return self.filter(own | (submitted & theirs))

    def by_member(self, member):
        """The proposals the member wrote or co-signed."""
        if member is None:
            return self.none()
        signed = Cosignature.objects.filter(representative__member=member).values("proposal_id")
        return self.filter(models.Q(proposer__member=member) | models.Q(pk__in=signed))


class Proposal(UnionOwned, Versioned):
    """提案: a representative's motion, from draft through review (立案/并案/不立案) to reply and rating."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        REGISTERED = "registered", _("Registered, being handled")  # 立案, assigned, awaiting the reply
        REPLIED = "replied", _("Replied, awaiting the proposer's rating")
        # 办结: rated 满意 or 基本满意 (or 不满意 with no second reply asked)
        CLOSED = "closed", pgettext_lazy("proposal", "Closed")
        MERGED = "merged", _("Merged into another proposal")  # 并案
        NOT_REGISTERED = "not_registered", _("Not registered")  # 不立案
        TO_SUGGESTION = "to_suggestion", _("Turned into a suggestion")  # 转为意见建议

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="proposals",
                                 verbose_name=_("congress"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)  # 第X号, on 立案
    title = models.CharField(_("title"), max_length=100)  # 案由
    reason = models.TextField(_("reasons"))  # 理由
    measures = models.TextField(_("suggested measures"))  # 建议 / 措施
    proposer = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="proposals",
                                 verbose_name=_("proposer"))
    cosigners = models.ManyToManyField(Representative, through="Cosignature", related_name="cosigned",
                                       blank=True, verbose_name=_("co-signers"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The review (提案工作委员会)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged", verbose_name=_("merged into"))
    review_note = models.TextField(_("review note"), blank=True)  # why not registered / merged
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # 承办: the department or leader who must answer, by when
    handler = models.CharField(_("handled by"), max_length=100, blank=True,
                               help_text=_("The department or leader responsible for the reply."))
    reply_due_on = models.DateField(_("reply due on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["congress", models.F("number").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="proposal_unique_number"),
        ]
        indexes = [models.Index(fields=["union", "status", "reply_due_on"], name="proposal_union_due")]

    def __str__(self):
        return self.title


class Cosignature(UnionOwned):
    """附议: a representative signs another's proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosignatures",
                                 verbose_name=_("proposal"))
    representative = models.ForeignKey(Representative, on_delete=models.PROTECT, related_name="cosignatures",
                                       verbose_name=_("representative"))
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "representative"], name="cosignature_unique"),
        ]

    def __str__(self):
        return f"{self.representative} → {self.proposal}"


class ProposalReply(UnionOwned):
    """答复: the handler's answer to a registered proposal (a second one if the proposer asks), and its rating."""

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")  # 满意
        MOSTLY = "mostly", _("Mostly satisfied")  # 基本满意
        UNSATISFIED = "unsatisfied", _("Unsatisfied")  # 不满意

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies",
                                 verbose_name=_("proposal"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    text = models.TextField(_("reply"))
    replied_by = models.CharField(_("replied by"), max_length=100, blank=True)
    replied_on = models.DateField(_("replied on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("comment on the reply"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    second_reply_asked = models.BooleanField(_("second reply asked"), default=False)

    class Meta:
        verbose_name = _("proposal reply")
        verbose_name_plural = _("proposal replies")
        ordering = ["proposal", "round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="proposal_reply_unique_round")]

    def __str__(self):
        return f"{self.proposal} ({self.round})"


class Suggestion(UnionOwned, Versioned):
    """合理化建议 / 工会信箱: named or anonymous; an anonymous one stores nobody, only a receipt code's hash."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Rationalisation proposal")  # 合理化建议
        LETTER = "letter", _("Letter to the union mailbox")  # 工会信箱

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        STUDYING = "studying", _("Under study")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        ANSWERED = "answered", _("Answered")  # a letter needs an answer, not adoption

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SUGGESTION)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("text"))
    # None when anonymous: no link to the person anywhere (no history actor, no time of day either).
    author = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="suggestions", verbose_name=_("author"))
    anonymous = models.BooleanField(_("anonymous"), default=False)
    receipt_hash = models.CharField(max_length=64, blank=True, editable=False)  # sha256 of the receipt code
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)  # a day, not a time
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    reply = models.TextField(_("reply"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    reward = models.DecimalField(_("reward"), max_digits=12, decimal_places=2, null=True, blank=True)
    reward_expense = models.ForeignKey("funds.Expense", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name=_("reward expense"))

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-submitted_on", "-id"]
        indexes = [models.Index(fields=["receipt_hash"], name="suggestion_receipt")]
        permissions = [("answer_suggestion", _("Can answer suggestions and letters"))]

    def __str__(self):
        return self.title


class BallotQuerySet(UnionQuerySet):
    def for_audience(self, member):
        """The ballots whose audience includes `member` (congress.ballots.eligible_members, in SQL)."""
        if member is None or member.status == Member.Status.LEFT:
            return self.none()
        congresses = Representative.objects.filter(member=member).serving().values("congress_id")
        audience = models.Q(audience=Ballot.Audience.ALL) | models.Q(
            audience=Ballot.Audience.REPRESENTATIVES, congress_id__in=congresses)
        if member.department_id is not None:  # department_id=None would match a ballot without a department
            audience |= models.Q(audience=Ballot.Audience.DEPARTMENT, department_id=member.department_id)
        return self.filter(union_id=member.union_id).filter(audience)

    def open_for(self, member, now=None):
        """Open ballots `member` may still vote on (not past their closing time, not voted yet): for the
        /congress/ index and the dashboard (templates/congress/_my_ballots.html shows them)."""
        now = now or timezone.now()
        return (self.for_audience(member).filter(status=Ballot.Status.OPEN)
                .filter(models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now))
                .exclude(voters__member=member).order_by(models.F("closes_at").asc(nulls_last=True), "id"))


class Ballot(UnionOwned, Versioned):
    """民主评议 / 民主测评 / 问卷 / 投票: questions put to a set of members, anonymous unless a named poll."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Democratic evaluation")  # 民主测评: rate each leader
        SURVEY = "survey", _("Questionnaire")  # 问卷 (anonymous)
        POLL = "poll", _("Named poll")  # 投票, e.g. 春游去哪儿

    class Audience(models.TextChoices):
        ALL = "all", _("All members")
        DEPARTMENT = "department", _("A department")
        REPRESENTATIVES = "representatives", _("The congress representatives")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EVALUATION)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("who votes"), max_length=16, choices=Audience.choices, default=Audience.ALL)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("department"))
    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="ballots", verbose_name=_("congress"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    eligible_count = models.PositiveIntegerField(_("eligible voters"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["-created_at", "-id"]
        permissions = [("manage_ballot", _("Can open, close and read ballots"))]

    def __str__(self):
        return self.title

    @property
    def anonymous(self):
        return self.kind != self.Kind.POLL


class Question(UnionOwned):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rate a leader")  # 优秀 / 称职 / 基本称职 / 不称职
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="questions", verbose_name=_("ballot"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    text = models.CharField(_("question"), max_length=200)  # for a rating: the leader's name and post

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["ballot", "order", "id"]

    def __str__(self):
        return self.text


class Choice(UnionOwned):
    """An option of a question (a rating question gets the four grades)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices",
                                 verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(pgettext_lazy("ballot", "choice"), max_length=100)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "id"]

    def __str__(self):
        return self.text


class BallotVoter(UnionOwned):
    """Who has voted on a ballot (so each votes once). A random key and no time: it links to no ballot paper."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="voters", verbose_name=_("ballot"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("member"))

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="ballot_voter_unique")]

    def __str__(self):
        return str(self.member_id)


class BallotResponse(UnionOwned):
    """One ballot paper: random key, no time, and a member only on a named poll."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="responses", verbose_name=_("ballot"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("member"))  # named polls only

    class Meta:
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")

    def __str__(self):
        return str(self.ballot)


class Answer(UnionOwned):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(BallotResponse, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("ballot paper"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("question"))
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, null=True, blank=True, related_name="answers",
                               verbose_name=pgettext_lazy("ballot", "choice"))
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "choice"], name="answer_question_choice")]

    def __str__(self):
        return str(self.question)


class NoticeQuerySet(UnionQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self, today=None):
        """Published and within the publicity period (公示期), or without an end."""
        today = today or timezone.localdate()
        return self.published().filter(models.Q(publicity_ends_on__isnull=True)
                                       | models.Q(publicity_ends_on__gte=today),
                                       publicity_starts_on__lte=today)

    def for_audience(self, member, today=None):
        """The published notices whose audience includes `member`: everyone, their department, or the
        representatives (a member serving as a representative of any congress of the union)."""
        if member is None or member.status == Member.Status.LEFT:
            return self.none()
        serving = Representative.objects.filter(member=member).serving(today)
        return self.published().filter(union_id=member.union_id).filter(
            models.Q(audience=Notice.Audience.ALL)
            | models.Q(audience=Notice.Audience.DEPARTMENT, department_id=member.department_id)
            | models.Q(models.Exists(serving), audience=Notice.Audience.REPRESENTATIVES))

    def started(self, today=None):
        """Published, and the publicity period has begun (a notice published ahead waits for its day)."""
        return self.published().filter(publicity_starts_on__lte=today or timezone.localdate())


class NoticeChanged(Exception):
    """A published notice cannot change: a correction is a new notice that refers to it."""


class Notice(UnionOwned):
    """校务公开 / 厂务公开 / 公示: published once, then unchangeable."""

    class Category(models.TextChoices):
        UNIT_AFFAIRS = "unit_affairs", _("Open affairs of the unit")  # 校务公开 / 厂务公开
        UNION_AFFAIRS = "union_affairs", _("Open affairs of the union")  # 会务公开
        PUBLICITY = "publicity", _("Public notice")  # 公示 (results, candidates, awards)

    class Audience(models.TextChoices):
        ALL = "all", _("All members")
        DEPARTMENT = "department", _("A department")
        REPRESENTATIVES = "representatives", _("The congress representatives")

    category = models.CharField(_("category"), max_length=16, choices=Category.choices,
                                default=Category.UNIT_AFFAIRS)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.ALL)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("department"))
    publicity_starts_on = models.DateField(_("publicity starts on"))
    publicity_ends_on = models.DateField(_("publicity ends on"), null=True, blank=True)
    asks_feedback = models.BooleanField(_("asks for feedback"), default=False)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("corrects"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"), editable=False)
    audience_label = models.CharField(_("published to"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = [models.F("published_at").desc(nulls_first=True), "-id"]
        indexes = [models.Index(fields=["union", "published_at"], name="notice_union_published")]
        permissions = [("publish_notice", _("Can publish notices"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self)._base_manager.filter(pk=self.pk, published_at__isnull=False).exists():
            raise NoticeChanged
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.published_at is not None:
            raise NoticeChanged
        return super().delete(*args, **kwargs)


def notice_file_path(attachment, filename):
    # A random name: the stored name tells nothing and cannot be guessed; the original name is kept in `name`.
    return f"notices/{attachment.union_id}/{uuid.uuid4().hex}"


class NoticeAttachment(UnionOwned):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments",
                               verbose_name=_("notice"))
    file = models.FileField(_("file"), upload_to=notice_file_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["notice", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The files are part of what was published: a published notice's attachments stay as they were.
        if Notice._base_manager.filter(pk=self.notice_id, published_at__isnull=False).exists():
            raise NoticeChanged
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Notice._base_manager.filter(pk=self.notice_id, published_at__isnull=False).exists():
            raise NoticeChanged
        return super().delete(*args, **kwargs)


class NoticeFeedback(UnionOwned):
    """意见反馈 on a notice during its publicity period."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("notice"))
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("member"))
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:30]
