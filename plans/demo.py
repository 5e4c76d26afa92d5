"""Demo data for plans: the school union's plan for the demo year, from reference plan 7, approved,
revised mid-year and tracked to date; and last year's plan, closed. Idempotent: a year that has a
plan is left as it is."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from members.models import Member
from plans import editing, outline, paste, rollover
from plans.models import AnnualPlan, PlanItem, PlanSnapshot

# Reference plan 7 (长沙 school union), as the committee keeps it; {year} is filled in.
PLAN_7 = """
一、指导思想
根据市教育工会{year}年工作要点，围绕学校中心工作，充分发挥我校基层工会组织的作用，进一步完善和拓宽教职工参与校务公开民主管理的渠道，保障职工民主权利的落实；进一步加强师德师能建设，提升职工素质；进一步增强服务的意识，落实好以医保、体检、休息休养为主要内容的保障工程。同时进一步加强学校工会组织的自身建设。
二、主要工作
(一)民主管理工程
以职代会为主渠道，进一步推进校务公开民主管理规范化建设，落实保障教职工的民主政治权利。
1、发挥教职工的主体作用，通过宣传动员，使本校教职工高度认识职代会在学校民主管理工作中的重要性。
2、不断提高职代会的质量，加强职代会会前、会中和会后的功能发挥，体现民意，落实教职工的知情权、参与权、表达权和监督权。
3、进一步完善职代会代表提案制，通过代表培训提高代表参与学校民主管理的能力，增强代表的责任意识和主人翁精神，使职代会的各项工作更加规范和完善。
4、根据《长沙市教育系统基层学校校务公开民主管理工作规范化建设标准与要求》，进一步加大对文件精神的宣传，增强我校教职工民主管理的参与意识，主动依法维权，切实做好工会组织在民主管理中的监督作用。
5、通过校园网、公示栏、全体教师会等各种渠道，让广大教职工及时了解校务公开的内容、形式和要求。
6、发挥学校民主管理和民主监督小组的作用，完成一年一度的民主管理测评和评估报告，做好资料的整理归档工作。
7、抓好工会的常规工作：每月召开一次工会委员或工会小组长例会，汇报各工会小组情况，布置工会工作；每年进行一次教师宿舍卫生检查评比，并不定期地进行突击检查；办好校园网的教工之家栏目，及时交流工会工作信息。
(二)素质建设工程
开展教职工素质工程建设，保障教职工的精神文化权利。
1、继续深入开展“弘扬师德、铸就师魂”为主题的系列实践活动，开展形式多样的研讨会、演讲会等交流活动。大力宣传优秀班主任，优秀教师，十佳教师；进一步完善学校师德建设。
2、加强学校工会干部队伍建设，提高理论水平和管理服务水平。组织学习相关文件，领会精神，把《决定》的学习与工会工作有机地结合，推动学校发展。
3、组织工会委员、组长学习{year}年国家财政部新颁发的《工会会计制度》，领会精神。严格执行工会的各项财务制度，进一步规范工会财务制度。通过参加各项专业培训，提高工会会计、工会经审员的业务水平。
4、广泛开展读书活动，提高师德师能以及专业水平，定期举行“校园书香”的读书心得交流，创建学习型团队。
5、认真开展文明组室的创建、评比和交流活动。激发教职工的工作热情和创造力，进一步完善激励机制，大力发扬和宣传在创建文明组室中的优秀组室和个人事迹，充分发挥校园网“教工之家”的作用，及时报道创建文明组室活动中的好人好事。
(三)生活保障工程
以增强维护意识和提高服务质量为目标，树立群众利益无小事的观念，进一步解决好广大教职工的生活实际问题，落实好教职工的保障工程。
1、继续做好“两险”、“一防”工作，并加强宣传指导工作，及时反馈信息解决问题。
2、高度关注困难教职工的生活等问题，关心生病教职工，经常性地走访他们的家庭，及时做好帮困、送温暖工作，切实当好他们的“第一知情人，第一报告人，第一帮扶人”，及时向上级工会汇报情况。做好学校帮困工作，把帮困基金用于真正急需帮助的教职工。
3、组织好两年一次的教职工体检、每年一次女教职工的体检工作。
4、以寒暑两季的“送温暖”、“送清凉”活动为契机，切实搞好家访慰问工作。召开一次家属会。
5、关心好学校的女教职工的生活，发挥女职工委员会的作用，积极开展工作，普及健身保养知识，特别是孕、产期女教职工的工作和身体健康，及时家访，帮助解决一些实际问题和困难。
6、做好计划生育工作，加强人口与计划生育知识宣传，落实好查环孕检，杜绝计划外生育。
7、关心退休教职工的生活，做好家访工作，及时了解情况，帮助解决实际问题；关心离休干部生活。
8、做好教师节、三八妇女节等庆祝和慰问活动，组织好退休教师的欢送会。
9、积极开展丰富多彩的群众文体活动，因地制宜，以形式多样的小型比赛为主，从而陶冶情操，强身健体，在活动中不断增强全校教职工的凝聚力和活力。
三、具体安排
一月份
1、对部分教职工(退休、内退)进行送温暖家访活动。
2、家属会。
3、总结上年度学校工会工作情况。
二月份
1、召开工会委员工会组长会议，布置本学期学校工会工作。
2、长沙市第二届“魅力教师”评选工作。
3、教工之家栏目的宣传布置。
4、庆祝元宵节。
三月份
1、庆祝“三八”妇女节。
2、教职工乒乓球赛、象棋赛。
3、组织工会委员学习中学工会财务工作的相关制度。
4、工会委员、组长例会。
四月份
1、清明祭扫活动；教师春游活动。
2、迎五一帮困慰问工作。
3、工会委员、组长例会。
五月份
1、庆“五一”系列活动。
2、女教职工第六轮“芙蓉杯”竞赛。
3、工会委员、组长例会。
六月份
1、六一儿童节亲子活动。
2、组织教职工参加献血，并做好宣传工作。
3、教师体检。
4、安排好暑期送清凉家访慰问工作。
5、端午节活动。
6、工会委员、组长例会，上半年工会工作总结。
七月份
1、暑期送清凉家访慰问工作。
2、自查上半年预算执行情况。
八月份
1、工会委员会议，讨论下半学期工作。
2、各组室产生工会组长，进行班组业务培训，并布置工会工作。
九月份
1、{year}年教师节庆祝活动。
2、组织开展教工读书交流活动。
3、筹备学校第九届六次职代会。
4、迎国庆帮困慰问工作。
5、工会委员、组长例会，宿舍卫生检查。
十月份
1、组织参加第七届“园丁杯”篮球赛。
2、召开学校第九届六次职代会。
3、工会委员、组长例会。
十一月份
1、组织教师运动会。
2、迎接校务公开资料检查(校务公开、教工之家、女工、财务、经审。)
3、女教职工的专项体检。
4、工会主席的年终述职、考核。
5、工会委员、组长例会。
十二月份
1、召开工会委员会会议，编制{next_year}年学校工会经费预算。
2、举办教职工迎新活动。
3、工会委员、组长例会，组室卫生检查。
"""

# Who owns what: the first matching keyword decides (committee positions, or a union group's leader).
OWNERS = [
    (("财务", "预算", "会计", "经费"), "treasurer"),
    (("经审", "资料检查"), "reviewer"),
    (("女教职工", "三八", "芙蓉杯", "女职工", "计划生育", "六一"), "women"),
    (("职代会", "校务公开", "民主", "述职", "工会委员", "工会组长", "委员会", "组长例会"), "chair"),
    (("慰问", "送温暖", "送清凉", "帮困", "家访", "退休", "体检", "两险", "家属"), "committee"),
    (("乒乓", "篮球", "运动会", "象棋", "春游", "献血", "迎新", "文体"), "sports"),
    (("读书", "师德", "文明组室", "魅力教师", "教工之家"), "culture"),
]

OUTCOMES = {
    "meeting": ["已召开，形成会议纪要并在教工之家栏目公布。", "按时召开，各工会小组汇报了本月工作。"],
    "care": ["走访慰问{n}人次，发放慰问金和慰问品。", "已完成，慰问{n}名教职工，建立了走访记录。"],
    "activity": ["活动顺利举办，参加教职工{n}人。", "已完成，{n}人参加，反响良好。"],
    "other": ["已按计划完成。", "已完成，资料已整理归档。"],
}
REASONS = ["因上级统一安排调整，本年度不再单独组织。", "与区教育工会同类活动合并举办。"]
PROGRESS_NOTES = [
    "已制定方案，正在组织实施。",
    "已完成一半，下月继续推进。",
    "已与学校行政沟通，等待落实场地。",
]


def seed(union, year, today):
    """Last year's plan (closed) and this year's (approved, revised in July, tracked to `today`)."""
    today = min(today, date(year, 12, 31))
    people = _people(union)
    chair = people.get("chair")
    if not AnnualPlan.objects.for_union(union).filter(year=year - 1).exists():
        last = _plan_from_text(union, year - 1, people)
        _approve(last, chair, date(year - 1, 2, 24), "经第九届五次教代会审议通过")
        _track(last, date(year, 1, 31), random.Random(year - 1))
        last.close(None)
    if AnnualPlan.objects.for_union(union).filter(year=year).exists():
        return
    last = AnnualPlan.objects.get(union=union, year=year - 1)
    plan = rollover.roll_over(last, None)
    _approve(plan, chair, date(year, 2, 26), "经第九届六次教代会审议通过")
    if today >= date(year, 7, 10):
        _revise_midyear(plan, chair, people, year)
    _track(plan, today, random.Random(year))


def seed_next_year(union, year):
    """Next year's plan as a draft, rolled over from this year's, as the committee starts it in December."""
    if AnnualPlan.objects.for_union(union).filter(year=year).exists():
        return
    current = AnnualPlan.objects.for_union(union).filter(year=year - 1).first()
    if current is not None:
        rollover.roll_over(current, None)


def _people(union):
    members = Member.objects.for_union(union).current()
    people = {m.position: m for m in members.exclude(position="").order_by("id")}
    people["women"] = people.get("committee")  # the committee member who runs the women's committee
    leaders = list(Member.objects.for_union(union).filter(led_groups__isnull=False).order_by("id"))
    people["sports"] = leaders[0] if leaders else people.get("committee")
    people["culture"] = leaders[1] if len(leaders) > 1 else people.get("committee")
    return people


def _plan_from_text(union, year, people):
    parsed = paste.parse(PLAN_7.format(year=year, next_year=year + 1))
    plan = editing.build_plan(union, year, parsed, None, title=f"{union.name}{year}年工作计划")
    _assign(plan, people)
    return plan


def _assign(plan, people):
    """Owners and deadlines, the way the committee divides the work at its first meeting."""
    items = [entry.item for entry in outline.for_plan(plan).entries if entry.is_work]
    rng = random.Random(plan.year * 7)
    for item in items:
        text = item.text
        owner_key = next((key for words, key in OWNERS if any(w in text for w in words)), None)
        item.owner = people.get(owner_key) or people.get(rng.choice(["chair", "committee"]))
        if item.month is None and item.level == PlanItem.Level.ITEM:
            item.due_month = rng.choice([6, 6, 7, 11, 12, 12])
    PlanItem.objects.bulk_update(items, ["owner", "due_date", "due_month"])


def _approve(plan, chair, day, note, body=AnnualPlan.ApprovalBody.CONGRESS):
    plan.submit(None)
    plan.approve(None, chair, body, note)
    when = timezone.make_aware(datetime.combine(day, time(16, 30)))
    AnnualPlan.objects.filter(pk=plan.pk).update(approved_at=when)
    PlanSnapshot.objects.filter(plan=plan, number=plan.snapshots.count()).update(approved_at=when)
    plan.refresh_from_db()


def _revise_midyear(plan, chair, people, year):
    """下半年工作修订: the plan is reopened in July, one item added, one deadline moved, approved again."""
    plan.revise(None, "根据区教育工会下半年工作安排，增加教职工心理健康讲座，调整读书交流活动时间。")
    rows = [
        {
            "id": i.pk,
            "level": i.level,
            "title": i.title,
            "body": i.body,
            "owner": i.owner_id,
            "due_date": i.due_date,
            "due_month": i.due_month,
        }
        for i in plan.items.all()
    ]
    at = next(n for n, row in enumerate(rows) if "组织开展教工读书交流活动" in row["title"])
    rows[at]["due_month"] = 10
    rows.insert(
        at + 1,
        {
            "id": None,
            "level": PlanItem.Level.ITEM,
            "title": "举办教职工心理健康讲座",
            "body": "",
            "owner": people["committee"].pk if people.get("committee") else None,
            "due_date": None,
            "due_month": 9,
        },
    )
    texts = {name: getattr(plan, name) for name in ("title", "foreword", "guiding_ideology", "goals")}
    editing.save_outline(plan, texts, rows, set(), None, plan.version)
    _approve(
        plan,
        chair,
        date(year, 7, 8),
        "经工会委员会会议审议通过（下半年工作修订）",
        AnnualPlan.ApprovalBody.COMMITTEE,
    )


def _track(plan, today, rng):
    """Statuses as a real year goes: past items mostly done, a few dropped or late; later ones ahead."""
    items = [entry.item for entry in outline.for_plan(plan).entries if entry.is_work]
    for item in items:
        due = item.due_by
        roll = rng.random()
        if due is None or due < today:
            if roll < 0.82 or due is None and roll < 0.5:
                _done(item, rng, due or today)
            elif roll < 0.88:
                item.status, item.outcome = PlanItem.Status.DROPPED, rng.choice(REASONS)
            elif roll < 0.95:
                item.status, item.progress_note = PlanItem.Status.IN_PROGRESS, rng.choice(PROGRESS_NOTES)
            elif due is None:
                item.status, item.progress_note = PlanItem.Status.IN_PROGRESS, rng.choice(PROGRESS_NOTES)
        elif (item.month is None or due.month == today.month) and roll < 0.7:
            # ongoing work and this month's schedule are under way
            item.status, item.progress_note = PlanItem.Status.IN_PROGRESS, rng.choice(PROGRESS_NOTES)
    PlanItem.objects.bulk_update(items, ["status", "outcome", "progress_note", "done_on"])


def _done(item, rng, due):
    kind = (
        "meeting"
        if "会" in item.text and ("例会" in item.text or "会议" in item.text)
        else "care"
        if any(w in item.text for w in ("慰问", "家访", "送温暖", "送清凉"))
        else "activity"
        if any(w in item.text for w in ("活动", "赛", "节", "体检"))
        else "other"
    )
    item.status = PlanItem.Status.DONE
    item.done_on = due
    item.outcome = rng.choice(OUTCOMES[kind]).format(n=rng.randint(12, 86))
