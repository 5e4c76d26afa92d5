"""Demo activities: the year schedule of reference plan 7 (a school's teachers' union), the usual
festivals on their real dates, and two recurring series. Past activities are done with outcomes and
attendance; future ones are open for sign-up. Idempotent: a second run changes nothing."""

import random
import re
from datetime import date, datetime, time, timedelta
from difflib import SequenceMatcher

from django.utils import timezone

from activities import planner
from activities import series as series_ops
from activities.festivals import festival
from activities.from_plan import approved_plan, report_done
from activities.models import Activity, ActivityCategory, ActivitySeries, Audience, Signup
from members.models import Member
from plans.models import PlanItem

EVERYONE, WOMEN, RETIREES, COMMITTEE = (
    Audience.EVERYONE,
    Audience.WOMEN,
    Audience.RETIREES,
    Audience.COMMITTEE,
)


def _schedule(year):
    """(title, category, day or None for month-only with its month, extra fields) from plan 7's 具体安排."""

    def on(month, day):
        return date(year, month, day)

    def fest(key, shift=0):
        return festival(year, key).date + timedelta(days=shift)

    t = time
    return [
        # 一月份
        (
            "对部分教职工（退休、内退）进行送温暖家访活动",
            "care",
            on(1, 28),
            dict(
                audience=COMMITTEE,
                festival="spring_festival",
                location="教职工家中",
                outcome="走访退休、内退及困难教职工23户，送上慰问金和年货，转达学校的新春问候。",
                attendance=23,
            ),
        ),
        (
            "家属会",
            "meeting",
            on(1, 24),
            dict(
                start_time=t(9, 30),
                end_time=t(11, 0),
                location="多功能厅",
                outcome="教职工家属36人参加，介绍学校一年来的发展，听取家属意见建议9条。",
                attendance=36,
            ),
        ),
        (
            "总结本年度学校工会工作情况",
            "meeting",
            on(1, 16),
            dict(audience=COMMITTEE, start_time=t(15, 0), location="工会办公室", attendance=9),
        ),
        # 二月份
        (
            "召开工会委员、工会组长会议，布置本学期学校工会工作",
            "meeting",
            on(2, 27),
            dict(
                audience=COMMITTEE,
                start_time=t(16, 30),
                location="学校会议室",
                attendance=14,
                outcome="布置本学期工会工作要点，明确各工会小组任务分工。",
            ),
        ),
        (
            "长沙市第二届“魅力教师”评选工作",
            "competition",
            None,
            dict(month=2, outcome="推荐2名教师参加市级评选，1人获评长沙市“魅力教师”。"),
        ),
        ("“教工之家”栏目的宣传布置", "other", None, dict(month=2, audience=COMMITTEE)),
        (
            "庆祝元宵节猜灯谜活动",
            "festival",
            fest("lantern"),
            dict(
                festival="lantern",
                start_time=t(16, 40),
                end_time=t(18, 0),
                location="教工之家",
                outcome="准备灯谜300条，教职工猜中216条，气氛热烈。",
                attendance=62,
            ),
        ),
        # 三月份
        (
            "庆祝“三八”国际妇女节女教职工踏青活动",
            "women",
            fest("womens_day"),
            dict(
                audience=WOMEN,
                festival="womens_day",
                location="橘子洲公园",
                signup=60,
                outcome="女教职工踏青游园、做趣味游戏，向全体女教职工发放节日慰问品。",
            ),
        ),
        (
            "教职工乒乓球赛、象棋赛",
            "sports",
            on(3, 18),
            dict(
                end_date=on(3, 20),
                start_time=t(16, 40),
                end_time=t(18, 0),
                location="学校体育馆",
                signup=64,
                outcome="乒乓球赛、象棋赛评出团体和个人奖项，理科工会小组获团体第一。",
            ),
        ),
        (
            "组织工会委员学习中学工会财务工作的相关制度",
            "training",
            on(3, 12),
            dict(
                audience=COMMITTEE,
                start_time=t(15, 30),
                location="学校会议室",
                attendance=9,
                outcome="学习《工会会计制度》和经费收支管理办法，规范报销流程。",
            ),
        ),
        # 四月份
        (
            "清明祭扫活动",
            "festival",
            fest("qingming", -2),
            dict(
                festival="qingming",
                location="长沙烈士公园",
                signup=40,
                outcome="党员和青年教职工赴烈士公园祭扫，缅怀革命先烈。",
            ),
        ),
        (
            "教师春游活动",
            "sports",
            on(4, 18),
            dict(location="岳麓山", signup=120, outcome="教职工登山健步走，增进了各组室之间的交流。"),
        ),
        (
            "迎五一帮困慰问工作",
            "care",
            on(4, 28),
            dict(
                audience=COMMITTEE,
                location="教职工家中",
                attendance=12,
                outcome="慰问困难教职工和一线劳模12人，发放慰问金。",
            ),
        ),
        # 五月份
        (
            "庆“五一”系列活动：教职工趣味运动会",
            "festival",
            on(5, 8),
            dict(
                festival="labour_day",
                start_time=t(15, 0),
                end_time=t(17, 30),
                location="学校田径场",
                signup=150,
                outcome="设拔河、跳绳、托球跑等8个项目，评出优秀组织奖3个。",
            ),
        ),
        (
            "女教职工第六轮“芙蓉杯”竞赛",
            "competition",
            on(5, 20),
            dict(
                audience=WOMEN,
                start_time=t(14, 30),
                location="多功能厅",
                signup=30,
                outcome="女教职工踊跃参赛，3人获区级“芙蓉杯”奖项。",
            ),
        ),
        # 六月份
        (
            "六一儿童节亲子活动",
            "festival",
            fest("childrens_day"),
            dict(
                festival="childrens_day",
                start_time=t(16, 30),
                end_time=t(18, 0),
                location="学校操场",
                signup=50,
                outcome="教职工子女和家长参加亲子游戏，每个孩子领到一份节日礼物。",
            ),
        ),
        (
            "组织教职工参加献血，并做好宣传工作",
            "other",
            on(6, 10),
            dict(location="学校大门口献血车", outcome="教职工18人参加无偿献血，共献血5400毫升。", attendance=18),
        ),
        (
            "教师体检",
            "health",
            on(6, 13),
            dict(
                end_date=on(6, 14),
                location="湘雅二医院体检中心",
                signup=90,
                outcome="体检报告已发放到个人，异常指标已提醒复查。",
            ),
        ),
        (
            "安排好暑期送清凉家访慰问工作",
            "care",
            on(6, 26),
            dict(audience=COMMITTEE, start_time=t(16, 30), location="工会办公室", attendance=8),
        ),
        (
            "端午节包粽子活动",
            "festival",
            fest("dragon_boat", -1),
            dict(
                festival="dragon_boat",
                start_time=t(15, 30),
                end_time=t(17, 30),
                location="学校食堂",
                signup=80,
                outcome="教职工包粽子600余个，分送退休教师和一线后勤职工。",
            ),
        ),
        (
            "上半年工会工作总结",
            "meeting",
            on(6, 29),
            dict(audience=COMMITTEE, start_time=t(16, 30), location="学校会议室", attendance=14),
        ),
        # 七月份
        (
            "暑期送清凉家访慰问工作",
            "care",
            on(7, 10),
            dict(
                end_date=on(7, 14),
                audience=COMMITTEE,
                location="教职工家中",
                outcome="走访高温一线后勤职工和生病教职工17人，送去防暑降温用品。",
                attendance=17,
            ),
        ),
        (
            "自查上半年预算执行情况",
            "meeting",
            on(7, 20),
            dict(audience=COMMITTEE, start_time=t(9, 0), location="工会办公室", attendance=5),
        ),
        # 八月份
        (
            "工会委员会议，讨论下半学期工作",
            "meeting",
            on(8, 25),
            dict(audience=COMMITTEE, start_time=t(9, 0), location="学校会议室", attendance=9),
        ),
        (
            "各组室产生工会组长，进行班组业务培训，并布置工会工作",
            "training",
            on(8, 28),
            dict(
                start_time=t(14, 30),
                location="多功能厅",
                attendance=28,
                outcome="产生新一届工会组长8名，开展工会小组工作培训。",
            ),
        ),
        # 九月份
        (
            f"{year}年教师节庆祝活动",
            "festival",
            fest("teachers_day"),
            dict(
                festival="teachers_day",
                start_time=t(15, 0),
                end_time=t(17, 0),
                location="学校大礼堂",
                outcome="表彰优秀教师、优秀班主任20名，为从教30年教师颁发纪念证书。",
                attendance=78,
            ),
        ),
        (
            "组织开展教工读书交流活动",
            "training",
            on(9, 17),
            dict(
                start_time=t(16, 40),
                location="图书馆",
                signup=40,
                outcome="12位教师分享读书心得，评出“校园书香”优秀心得5篇。",
            ),
        ),
        ("宿舍卫生检查", "other", on(9, 22), dict(audience=COMMITTEE, location="教师宿舍", attendance=6)),
        (
            "筹备学校第九届六次职代会",
            "meeting",
            on(9, 24),
            dict(audience=COMMITTEE, start_time=t(16, 30), location="学校会议室", attendance=12),
        ),
        (
            "迎国庆帮困慰问工作",
            "care",
            on(9, 29),
            dict(
                audience=COMMITTEE,
                festival="national_day",
                location="教职工家中",
                attendance=10,
                outcome="慰问困难教职工10人。",
            ),
        ),
        # 十月份
        (
            "组织参加第七届“园丁杯”篮球赛",
            "competition",
            on(10, 17),
            dict(location="区教育局体育馆", signup=15, outcome="教工篮球队获区“园丁杯”篮球赛第三名。"),
        ),
        (
            "召开学校第九届六次职代会",
            "meeting",
            on(10, 22),
            dict(
                start_time=t(14, 30),
                end_time=t(17, 30),
                location="学校大礼堂",
                attendance=45,
                outcome="代表45人出席，审议通过学校工作报告和绩效工资分配方案，收到代表提案14件。",
            ),
        ),
        # 十一月份
        (
            "组织教师运动会",
            "sports",
            on(11, 13),
            dict(location="学校田径场", signup=160, outcome="设16个项目，各工会小组组队参赛。"),
        ),
        (
            "迎接校务公开资料检查（校务公开、教工之家、女工、财务、经审）",
            "other",
            None,
            dict(month=11, audience=COMMITTEE),
        ),
        (
            "女教职工专项体检",
            "health",
            on(11, 28),
            dict(
                audience=WOMEN,
                location="湘雅二医院体检中心",
                signup=60,
                description="请空腹前往，带好身份证。体检项目：妇科检查、乳腺彩超、甲状腺彩超。",
            ),
        ),
        (
            "工会主席年终述职、考核",
            "meeting",
            on(12, 3),
            dict(
                start_time=t(16, 30),
                location="学校会议室",
                outcome="工会主席向会员代表述职，民主测评满意率96%。",
                attendance=42,
            ),
        ),
        # 十二月份
        (
            f"召开工会委员会会议，编制{year + 1}年学校工会经费预算",
            "meeting",
            None,
            dict(month=12, audience=COMMITTEE),
        ),
        (
            "举办教职工迎新活动",
            "festival",
            on(12, 30),
            dict(
                start_time=t(15, 0),
                end_time=t(17, 30),
                location="学校大礼堂",
                signup=200,
                description="节目以工会小组为单位报名，每组至少一个节目。",
            ),
        ),
        ("组室卫生检查", "other", on(12, 16), dict(audience=COMMITTEE, location="各组室")),
        (
            "教职工羽毛球赛",
            "sports",
            on(12, 9),
            dict(
                start_time=t(16, 40),
                end_time=t(18, 0),
                location="学校体育馆",
                signup=32,
                description="男女单打、混合双打，以报名先后排定赛程。",
            ),
        ),
    ]


SERIES = [
    dict(
        title="工会委员、组长例会",
        category="meeting",
        rule="FREQ=MONTHLY;BYDAY=1MO;BYMONTH=3,4,5,6,9,10,11,12",
        start_time=time(16, 30),
        end_time=time(17, 30),
        location="学校会议室",
        audience=COMMITTEE,
        description="汇报各工会小组情况，布置本月工会工作。",
    ),
    dict(
        title="教工羽毛球俱乐部活动",
        category="sports",
        rule="FREQ=WEEKLY;BYDAY=WE;BYMONTH=3,4,5,6,9,10,11,12",
        start_time=time(16, 40),
        end_time=time(18, 0),
        location="学校体育馆",
        audience=EVERYONE,
        description="自带球拍，场馆提供羽毛球。",
    ),
]


def seed(union, year, today):
    rng = random.Random(11)
    categories = ActivityCategory.ensure_defaults(union)
    members = list(Member.objects.for_union(union).current().order_by("employee_number"))
    committee = [m for m in members if m.position] or members[:1]
    for index, entry in enumerate(_schedule(year)):
        _seed_activity(union, year, entry, categories, members, committee[index % len(committee)], today, rng)
    _seed_series(union, year, categories, committee, today)
    _seed_demo_member_signup(union, year, members, today)
    _link_to_plan(union, year)
    # The festivals plan 7 leaves out (中秋, 重阳, …), from the festival planner like a committee would.
    for activity in planner.add_festival_activities(union, year, {u.key for u in planner.usual_for(union)}):
        if activity.start_date < today:
            activity.mark_done(outcome="活动按计划开展。", attendance=rng.randint(30, 90))


def seed_january(union, year, today):
    """Next year's January, planned in December: the schedule's January and a new-year gathering to sign up for."""
    rng = random.Random(year)
    categories = ActivityCategory.ensure_defaults(union)
    members = list(Member.objects.for_union(union).current().order_by("employee_number"))
    committee = [m for m in members if m.position] or members[:1]
    january = [entry for entry in _schedule(year) if entry[2] and entry[2].month == 1] + [
        (
            "迎新春教职工趣味游园会",
            "festival",
            date(year, 1, 9),
            dict(
                start_time=time(14, 30),
                end_time=time(17, 0),
                location="学校田径场",
                signup=150,
                description="设套圈、猜谜、夹弹珠等游园项目，凭游园卡领取新春小礼品。",
            ),
        ),
    ]
    for index, entry in enumerate(january):
        _seed_activity(union, year, entry, categories, members, committee[index % len(committee)], today, rng)


def _seed_activity(union, year, entry, categories, members, organiser, today, rng):
    title, category, day, extra = entry
    extra = dict(extra)
    places, outcome, attendance = extra.pop("signup", None), extra.pop("outcome", ""), extra.pop("attendance", None)
    month = extra.pop("month", day.month if day else 1)
    past = (day or date(year, month, 28)) < today
    fields = dict(category=categories[category], start_date=day, year=year, month=month, organiser=organiser, **extra)
    if places:
        fields.update(signup_open=True, capacity=places)
        if day:
            fields["signup_deadline"] = timezone.make_aware(datetime.combine(day - timedelta(days=2), time(18, 0)))
    activity, _created = Activity.objects.update_or_create(union=union, title=title, year=year, defaults=fields)
    if places:
        _seed_signups(activity, members, rng, past, today)
    if past:
        attended = activity.signups.filter(attended=True).count()
        if attendance is None:
            # Nobody signs up for a meeting: the minutes record who came.
            attendance = attended or (rng.randint(8, 14) if activity.audience == COMMITTEE else rng.randint(30, 70))
        activity.mark_done(outcome=outcome or "活动按计划开展。", attendance=attendance)
    return activity


def _seed_signups(activity, members, rng, past, today):
    eligible = [m for m in members if activity.is_for(m)]
    wanted = min(activity.capacity or 0, int(len(eligible) * (0.8 if past else 0.35)))
    # Deterministic per activity, so a second run picks the same people.
    chosen = random.Random(f"{activity.title}").sample(eligible, wanted)
    if not past:
        demo_member = next((m for m in members if m.user_id and not m.position), None)
        chosen = [m for m in chosen if m != demo_member]  # the demo member signs up themselves
    times = _signup_times(activity, len(chosen), today)
    created = []
    for member, when in zip(chosen, times, strict=True):
        signup, new = Signup.objects.get_or_create(
            activity=activity,
            member=member,
            defaults={"union_id": activity.union_id, "attended": past and rng.random() < 0.9},
        )
        if new:
            signup.created_at = when
            created.append(signup)
    Signup.objects.bulk_update(created, ["created_at"])


def _signup_times(activity, count, today):
    """When `count` sign-ups came in: spread over the two weeks before the deadline (or the activity),
    never after the demo's today."""
    day = activity.start_date or date(activity.year, activity.month, 1)
    close = activity.signup_deadline or timezone.make_aware(datetime.combine(day - timedelta(days=1), time(12, 0)))
    close = min(close, timezone.make_aware(datetime.combine(today, time(8, 0))))
    step = timedelta(days=14) / (count + 1)
    return [close - step * (count - i) for i in range(count)]


def _seed_demo_member_signup(union, year, members, today):
    """The demo member has signed up for the badminton match, so "my sign-ups" shows on their calendar."""
    demo_member = next((m for m in members if m.user_id and not m.position), None)
    match = (
        Activity.objects.filter(union=union, year=year, title="教职工羽毛球赛", start_date__gte=today)
        .exclude(signup_deadline__lt=timezone.make_aware(datetime.combine(today, time(8, 0))))
        .first()
    )
    if demo_member and match:
        signup, created = Signup.objects.get_or_create(
            activity=match, member=demo_member, defaults={"union_id": union.pk}
        )
        if created:
            signup.created_at = timezone.make_aware(datetime.combine(today, time(7, 30)))
            signup.save(update_fields=["created_at"])


def _seed_series(union, year, categories, committee, today):
    for spec in SERIES:
        spec = dict(spec)
        series, created = ActivitySeries.objects.get_or_create(
            union=union,
            title=spec.pop("title"),
            defaults={
                **spec,
                "category": categories[spec["category"]],
                "organiser": committee[0],
                "first_date": date(year, 1, 1),
                "last_date": date(year, 12, 31),
            },
        )
        if created:
            series_ops.generate(series)
        meeting = series.audience == COMMITTEE
        for occurrence in series.occurrences.filter(start_date__lt=today).exclude(status=Activity.Status.DONE):
            occurrence.mark_done(
                outcome="按时召开，各工会小组汇报了本月工作。" if meeting else "俱乐部活动正常开展。",
                attendance=12 if meeting else 18 + occurrence.start_date.day % 9,
            )


def _normal(text):
    return re.sub(r"[\s“”\"'。，、；;：:（）()·]", "", text)


def _link_to_plan(union, year):
    """Link the demo activities to the approved plan's schedule items they carry out (the longest
    common run of characters, at least four or the whole title, preferring the same month), and let
    the done ones report to the plan."""
    plan = approved_plan(union, year)
    if plan is None:
        return
    items = [
        (item, _normal(item.title + item.body))
        for item in PlanItem.objects.for_union(union).scheduled().filter(plan=plan)
    ]
    activities = Activity.objects.for_union(union).in_year(year).filter(series__isnull=True, plan_item__isnull=True)
    for activity in activities:
        title = _normal(activity.title)
        best, best_score = None, 0
        for item, text in items:
            size = SequenceMatcher(None, title, text).find_longest_match(0, len(title), 0, len(text)).size
            if size < 4 and title != text:
                continue
            score = size + (3 if item.month == activity.month else 0)
            if score > best_score:
                best, best_score = item, score
        if best is not None:
            activity.plan_item = best
            activity.save(update_fields=["plan_item"])
            report_done(activity)
