"""Demo of handing up (上报): the education union asks for the plans by 31 March; three schools have
handed theirs up — one accepted, one sent back with a comment, one waiting — the others not yet.
Idempotent: a school that has handed something up is left as it is."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from federation import handup
from federation.models import Kind, Submission, SubmissionDeadline
from members.models import Union
from plans.models import AnnualPlan, PlanItem

SHANGHAI = ZoneInfo("Asia/Shanghai")
# school, handed up on (month, day), decision, the federation's comment
HANDED_UP = [
    ("天心区第一小学教职工工会", (3, 12), Submission.Status.ACCEPTED, ""),
    ("天心区实验小学教职工工会", (3, 18), Submission.Status.RETURNED,
     "请补充“职工之家”建设的具体措施和经费预算，并写明各项工作的责任人和完成时限。"),
    ("天心区育才中学教职工工会", (3, 25), Submission.Status.SUBMITTED, ""),
]
OUTLINE = [
    (PlanItem.Level.PART, "加强思想政治引领"),
    (PlanItem.Level.ITEM, "组织教职工学习工会十八大精神"),
    (PlanItem.Level.PART, "推进师德师风建设"),
    (PlanItem.Level.ITEM, "开展“最美教师”评选"),
    (PlanItem.Level.PART, "关心教职工生活"),
    (PlanItem.Level.ITEM, "做好困难教职工帮扶和节日慰问"),
]


def seed(education, year, today, reviewer=None):
    SubmissionDeadline.objects.get_or_create(
        union=education, year=year, kind=Kind.PLAN, defaults={"due_on": date(year, 3, 31)}
    )
    for name, (month, day), status, comment in HANDED_UP:
        school = Union.objects.filter(name=name, parent=education).first()
        handed_on = date(year, month, day)
        if school is None or handed_on > today or Submission.objects.for_union(school).exists():
            continue
        _approved_plan(school, year, handed_on)
        submission = handup.submit(school, year, Kind.PLAN, None)
        moment = datetime.combine(handed_on, time(10, 0), tzinfo=SHANGHAI)
        Submission.objects.filter(pk=submission.pk).update(submitted_at=moment)
        if status != Submission.Status.SUBMITTED:
            submission.refresh_from_db()
            handup.review(submission, reviewer, status == Submission.Status.ACCEPTED, comment)
            Submission.objects.filter(pk=submission.pk).update(
                reviewed_at=datetime.combine(min(handed_on + timedelta(days=2), today), time(15, 0), tzinfo=SHANGHAI)
            )


def _approved_plan(school, year, handed_on):
    plan, created = AnnualPlan.objects.get_or_create(
        union=school, year=year, defaults={
            "title": f"{school.name}{year}年工作计划", "status": AnnualPlan.Status.APPROVED,
            "approval_body": AnnualPlan.ApprovalBody.CONGRESS,
            "approved_at": datetime.combine(handed_on - timedelta(days=5), time(9, 0), tzinfo=SHANGHAI),
            "guiding_ideology": "以习近平新时代中国特色社会主义思想为指导，全心全意为教职工服务。",
        },
    )
    if created:
        PlanItem.objects.bulk_create([
            PlanItem(plan=plan, union=school, position=n, level=level, title=title)
            for n, (level, title) in enumerate(OUTLINE)
        ])
    return plan
