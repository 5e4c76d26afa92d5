"""One union's year in miniature, with a login for every role: the world the permission matrix and the
bad-input tests walk every URL in.

Built once per test module (`module_world`) inside a transaction that is rolled back when the module
is done; each request a test makes runs in a savepoint of its own (`isolated`), so a POST that
deletes or approves something leaves the world as it was for the next request.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.test import Client
from django.utils import timezone

from activities.models import ActivityCategory, FeedToken, PublicCalendar
from funds.models import ExpenseCategory, FundSettings
from plans.models import AnnualPlan
from tests.factories import (
    ActivityFactory,
    ActivitySeriesFactory,
    AnnualPlanFactory,
    BudgetLineFactory,
    CareEventFactory,
    CareVisitFactory,
    DepartmentFactory,
    DuesFactory,
    ExpenseFactory,
    FundReviewFactory,
    HardshipRecordFactory,
    IncomeFactory,
    MemberFactory,
    PlanItemFactory,
    UnionFactory,
    UnionGroupFactory,
    UserFactory,
    WageBaseFactory,
)

# The roles, in the order the matrix lists its expectations.
ROLES = ["anonymous", "member", "leader", "committee", "treasurer", "reviewer", "chair", "other_chair"]

YEAR = 2026
# Private data of union A's member 孙敏: only the committee and the chair may ever see it.
PHONE = "13912345678"
HARDSHIP_REASON = "配偶重病住院，家庭负担重（矩阵）"
VISIT_NOTES = "走访记录：病情稳定（矩阵）"


@dataclass
class World:
    union: object
    other_union: object
    users: dict = field(default_factory=dict)  # role → user (no entry for anonymous)
    objects: dict = field(default_factory=dict)  # name → a row of union A

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None

    def member_of(self, role):
        user = self.users.get(role)
        return user.member if user else self.target

    def client(self, role):
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _login(union, role, group, name, position=""):
    user = UserFactory(username=f"{role}-world-{union.pk}", role=group)
    MemberFactory(union=union, user=user, name=name, position=position)
    return user


def build_world():
    union = UnionFactory(name="矩阵第一中学工会")
    other = UnionFactory(name="矩阵另一家公司工会")
    # --- federation: the other union is the higher-level union above union A; its chair reads union A's
    # figures (/federation/) and, every other line of the matrix says, nothing of its people.
    union.parent = other
    union.save(update_fields=["parent"])
    # --- end federation
    w = World(union=union, other_union=other)
    w.users = {
        "member": _login(union, "member", "member", "刘会员"),
        "leader": _login(union, "leader", "member", "周组长"),
        "committee": _login(union, "committee", "committee", "李委员", "committee"),
        "treasurer": _login(union, "treasurer", "treasurer", "张会计", "treasurer"),
        "reviewer": _login(union, "reviewer", "reviewer", "陈经审", "reviewer"),
        "chair": _login(union, "chair", "chair", "王主席", "chair"),
        "other_chair": _login(other, "chair", "chair", "赵主席", "chair"),
    }
    chair = w.users["chair"]
    today = timezone.localdate()
    o = w.objects

    # members
    o["department"] = DepartmentFactory(union=union, name="语文组")
    o["group"] = UnionGroupFactory(union=union, name="语文工会小组", leader=w.users["leader"].member)
    o["target"] = MemberFactory(
        union=union,
        name="孙敏",
        phone=PHONE,
        department=o["department"],
        group=o["group"],
        birth_date=date(1980, today.month, min(today.day, 28)),
        employee_number="T0001",
    )
    o["hardship"] = HardshipRecordFactory(union=union, member=o["target"], reason=HARDSHIP_REASON)
    o["visit"] = CareVisitFactory(union=union, member=o["target"], notes=VISIT_NOTES)
    o["event"] = CareEventFactory(union=union, member=o["target"])

    # plans: this year's approved (with its snapshot), next year's a draft
    plan = AnnualPlanFactory(union=union, year=YEAR, guiding_ideology="服务教职工。")
    PlanItemFactory(plan=plan, position=0, level=1, title="组织建设")
    o["item"] = PlanItemFactory(plan=plan, position=1, level=3, title="完善会员档案", owner=w.users["committee"].member)
    plan.submit(chair)
    plan.approve(chair, chair.member, AnnualPlan.ApprovalBody.CONGRESS, "经教代会审议通过")
    o["plan"] = plan
    o["draft"] = AnnualPlanFactory(union=union, year=YEAR + 1)
    PlanItemFactory(plan=o["draft"], position=0, level=1, title="明年的工作")

    # activities
    categories = ActivityCategory.ensure_defaults(union)
    o["category"] = categories["sports"]
    o["activity"] = ActivityFactory(
        union=union,
        category=o["category"],
        title="矩阵教职工羽毛球赛",
        start_date=today + timedelta(days=7),
        signup_open=True,
        capacity=30,
    )
    o["series"] = ActivitySeriesFactory(union=union, category=o["category"], title="矩阵每周羽毛球")
    o["feed"] = FeedToken.objects.for_member(w.users["member"].member)
    o["public"] = PublicCalendar.share(union)

    # funds
    FundSettings.for_union(union)
    expense_categories = {c.name: c for c in ExpenseCategory.objects.for_union(union)}
    o["expense_category"] = expense_categories["职工活动支出"]
    o["wage"] = WageBaseFactory(member=o["target"], year=YEAR, amount=Decimal("6000.00"))
    o["dues"] = DuesFactory(member=o["target"], year=YEAR, month=1)
    o["income"] = IncomeFactory(union=union, date=date(YEAR, 3, 1))
    o["expense"] = ExpenseFactory(union=union, category=o["expense_category"], date=date(YEAR, 3, 8))
    o["budget"] = BudgetLineFactory(union=union, category=expense_categories["维权支出"], year=YEAR)
    o["review"] = FundReviewFactory(union=union, year=YEAR)
    o["review"].reviewers.set([w.users["reviewer"].member])

    # congress: proposal exports — a congress with one registered proposal; its proposal committee is empty, so
    # only those who hold congress.review_proposal (committee, chair) may export
    from congress.models import Congress, Proposal, Representative

    o["congress_exported"] = Congress.objects.create(
        union=union, kind=Congress.Kind.MEMBERS, term=8, session=4, starts_on=date(YEAR, 3, 13))
    proposer = Representative.objects.create(union=union, congress=o["congress_exported"], member=o["target"],
                                             term_starts_on=date(YEAR, 3, 13))
    Proposal.objects.create(union=union, congress=o["congress_exported"], proposer=proposer, number=1,
                            status=Proposal.Status.REGISTERED, title="矩阵提案", reason="理由", measures="措施")

    # congress: suggestions and the union mailbox — a named one by 刘会员 (adopted), an anonymous letter
    from congress.models import Suggestion

    o["suggestion"] = Suggestion.objects.create(
        union=union, title="矩阵食堂延长供餐时间", text="建议晚餐延长到七点。", author=w.users["member"].member,
        status=Suggestion.Status.ADOPTED, reply="已采纳。",
    )
    o["anonymous_letter"] = Suggestion.objects.create(
        union=union, kind=Suggestion.Kind.LETTER, title="矩阵匿名来信", text="反映一个问题。", anonymous=True,
        receipt_hash="0" * 64,
    )
    # congress: sessions, representatives, proposals — a teachers' congress; 刘会员 (member), 周组长 (leader) and
    # 孙敏 represent the 语文组; 刘会员 proposed one submitted proposal and keeps a draft; 孙敏 proposed
    # nothing, so the committee may remove her
    from congress.models import Congress, Delegation, Proposal, Representative

    o["congress"] = Congress.objects.create(union=union, kind=Congress.Kind.TEACHERS, term=9, session=6,
                                            starts_on=date(YEAR, 3, 20), status=Congress.Status.IN_SESSION)
    o["delegation"] = Delegation.objects.create(union=union, congress=o["congress"], name="矩阵语文代表团")
    o["delegation"].departments.set([o["department"]])
    representatives = [
        Representative.objects.create(union=union, congress=o["congress"], member=person,
                                      term_starts_on=date(YEAR, 1, 1), delegation=o["delegation"])
        for person in (w.users["member"].member, w.users["leader"].member, o["target"])
    ]
    o["representative"] = representatives[2]
    o["proposal"] = Proposal.objects.create(
        union=union, congress=o["congress"], proposer=representatives[0], title="矩阵关于增设午休室的提案",
        reason="午休无处休息。", measures="腾出两间教室。", status=Proposal.Status.SUBMITTED,
    )
    o["proposal_draft"] = Proposal.objects.create(
        union=union, congress=o["congress"], proposer=representatives[0], title="矩阵提案草稿",
        reason="理由。", measures="措施。",
    )
    # congress: ballots and polls — a draft questionnaire, an open 民主测评 for every member, a closed named poll
    from congress import ballots as congress_ballots
    from congress.models import Ballot, Question

    o["ballot_draft"] = Ballot.objects.create(union=union, kind=Ballot.Kind.SURVEY, title="矩阵问卷草稿")
    o["ballot_question"] = congress_ballots.add_questions(o["ballot_draft"], Question.Kind.TEXT, "矩阵意见")[0]
    o["ballot_open"] = Ballot.objects.create(union=union, title="矩阵民主测评")
    o["ballot_rating"] = congress_ballots.add_questions(o["ballot_open"], Question.Kind.RATING, "矩阵校长 校长")[0]
    congress_ballots.open_ballot(o["ballot_open"], chair)
    o["ballot_closed"] = Ballot.objects.create(union=union, kind=Ballot.Kind.POLL, title="矩阵春游投票")
    congress_ballots.add_questions(o["ballot_closed"], Question.Kind.SINGLE, "去哪儿", "西湖\n乌镇")
    congress_ballots.open_ballot(o["ballot_closed"], chair)
    congress_ballots.close_ballot(o["ballot_closed"], chair)
    # congress: notices — a published notice for all members, in its period and asking for feedback, with a
    # PDF; a draft with a PDF (the committee's alone)
    from congress import notices as congress_notices
    from congress.models import Notice

    o["notice"] = Notice.objects.create(
        union=union, title="矩阵食堂承包公示", body="公示内容。", asks_feedback=True,
        publicity_starts_on=today - timedelta(days=1), publicity_ends_on=today + timedelta(days=7))
    o["notice_attachment"] = _notice_attachment(o["notice"])
    congress_notices.publish(o["notice"], chair)
    o["notice_draft"] = Notice.objects.create(union=union, title="矩阵公告草稿", body="草稿。",
                                              publicity_starts_on=today)
    o["notice_draft_attachment"] = _notice_attachment(o["notice_draft"])
    return w


def _notice_attachment(notice):
    """congress: notices — an attachment whose file is one fixed file under MEDIA_ROOT, written once (the
    world's rows are rolled back; a file per build would pile up)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from congress.models import NoticeAttachment

    name = "notices/matrix/world-notice"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    attachment = NoticeAttachment(union_id=notice.union_id, notice=notice, name="矩阵附件.pdf",
                                  content_type="application/pdf", size=14)
    attachment.file.name = name
    attachment.save()
    return attachment


@contextmanager
def module_world(django_db_blocker):
    """Build the world in a transaction that is rolled back afterwards (for a module-scoped fixture)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield world
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextmanager
def isolated():
    """Whatever happens inside is undone afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
