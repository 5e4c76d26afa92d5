"""Demo democratic management for the demo school (reference plan 7: 以教代会为主渠道, 代表提案制, 民主测评,
校务公开): a session of the teachers' congress with ~20 representatives in four delegations and a proposal
committee, thirteen proposals in every state from draft to a closed second reply, a closed anonymous
民主测评 of the school's leaders, an open named poll, suggestions and letters (one anonymous with a
printed receipt code, one adopted and rewarded from the union's funds) and notices (校务公开 asking for
feedback, the 测评's 公示, a notice and its correction).

Every date is counted back from the demo's last day (today in the current year, 31 December of a past
one), so the demo reads right on any day: the congress met 12 weeks before it, replies came after the
registration, one deadline has just passed and one is still ahead. Idempotent: rows are found by their
natural keys (the congress by term and session, the rest by title) and left as they are.

The 民主测评's papers are made from a distribution, not from the voters: the voter rows and the papers
are written in two separate shuffled batches and nothing pairs them, as in a real ballot box.
"""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from congress import suggestions as suggestion_ops
from congress.models import (
    Answer,
    Ballot,
    BallotResponse,
    BallotVoter,
    Choice,
    Congress,
    Cosignature,
    Delegation,
    Notice,
    NoticeFeedback,
    Proposal,
    ProposalReply,
    Question,
    Representative,
    Suggestion,
)
from funds.models import PeriodLocked
from members.models import Department, Member

# The code an anonymous sender of the demo keeps to read the reply (printed by seed_demo).
RECEIPT_CODE = "7KQM-3XWD-H9PA"

S, R = Proposal.Status, ProposalReply.Rating

# Delegations (代表团) and the departments each represents; how many representatives each sends.
DELEGATIONS = [
    ("语文英语代表团", ["语文组", "英语组"], 5),
    ("数学理化生代表团", ["数学组", "理化生组"], 5),
    ("政史地艺体代表团", ["政史地组", "艺体组"], 5),
    ("行政后勤代表团", ["行政后勤"], 5),
]
# Demo logins who sit in the congress; `member` (刘洋, 英语组) proposes, rates and may co-sign.
DEMO_REPRESENTATIVES = ["committee", "reviewer", "chair", "member"]

GRADES = ["优秀", "称职", "基本称职", "不称职"]
# The leaders rated in the 民主测评 (post, and how the staff tends to grade them: weights of the four grades).
LEADERS = [
    ("校长", (70, 26, 4, 0)),
    ("党总支书记", (66, 30, 4, 0)),
    ("副校长（分管教学）", (58, 35, 6, 1)),
    ("副校长（分管后勤）", (45, 42, 11, 2)),
    ("工会主席", (62, 33, 5, 0)),
]
PAPERS = 60
EVALUATION_COMMENTS = [
    "希望学校领导多深入课堂，多听一线教师的意见。",
    "后勤保障工作有进步，食堂还需继续改进。",
    "绩效考核方案应提前公布，广泛征求意见。",
    "领导班子团结务实，为教师办了不少实事。",
    "建议减少不必要的检查和材料填报，给教师减负。",
    "希望职称评聘、评优评先更加公开透明。",
    "青年教师培养抓得好，希望继续坚持师徒结对。",
    "教师周转房的问题希望尽快解决。",
]

SPRING_OUTING = ["岳麓山登山", "橘子洲头徒步", "石燕湖生态公园", "浏阳大围山"]

# (key, title, reason, measures, delegation index, proposer slot, handler)
PROPOSALS = [
    ("canteen", "关于改善教工食堂伙食质量的建议",
     "教工食堂菜品品种单一，口味偏咸偏油，部分菜品价格偏高，晚自习教师就餐时间与食堂供餐时间不衔接，"
     "教职工意见较多。",
     "一是定期公开食堂菜谱和价格，每周更新；二是成立由教职工代表参加的伙食管理委员会，每月开展满意度测评；"
     "三是晚自习值班教师提供晚餐，供餐时间延长至18:30。", 0, 3, "总务处"),
    ("housing", "关于教师周转房维修和分配的建议",
     "学校现有教师周转房建于上世纪九十年代，屋顶漏水、水电线路老化，存在安全隐患；"
     "周转房分配办法多年未修订，新入职青年教师申请困难。",
     "一是对周转房进行全面安全检查，利用暑假集中维修屋面和水电线路；二是修订周转房分配办法，"
     "优先保障新入职教师和异地交流教师，分配结果张榜公示。", 3, 1, "总务处"),
    ("titles", "关于职称评聘工作公开透明的建议",
     "近两年职称评聘中，部分教师对推荐名额分配和量化评分细则不够了解，对评审结果有疑问却不知向谁反映。",
     "一是评聘方案提交教代会或教职工代表讨论通过后实施；二是量化积分和推荐结果在校务公开栏公示不少于五个工作日；"
     "三是明确受理异议的部门和时限。", 0, "member", "校长办公室（人事）"),
    ("merit_pay", "关于完善绩效工资分配方案的建议",
     "现行绩效工资分配方案对班主任、毕业年级教师和承担课后服务的教师工作量体现不够，"
     "“多劳多得、优绩优酬”的导向不明显。",
     "一是提高班主任和毕业年级教师绩效权重；二是将课后服务、指导青年教师等工作纳入工作量核算；"
     "三是分配方案经教代会审议通过后实施，每学期公布分配结果。", 1, 1, "校长办公室"),
    ("after_school", "关于规范课后服务及补贴发放的建议",
     "课后服务开展以来，教师参与面广、时间长，但服务补贴发放标准不统一、发放不及时，部分教师连续多周无法按时下班。",
     "一是制定课后服务排班办法，实行轮岗，保障教师休息；二是明确补贴标准，按月足额发放；"
     "三是引进校外优质资源，减轻教师负担。", 2, 1, "教务处"),
    ("checkup", "关于增加教职工体检项目的建议",
     "现有体检项目偏少，缺少甲状腺彩超、乳腺彩超、颈椎检查等教师职业病相关项目，"
     "四十岁以上教职工希望增加肿瘤标志物检查。",
     "一是在现有标准内调整体检套餐，增加甲状腺、乳腺彩超和颈椎检查；二是四十岁以上教职工增加肿瘤标志物检测；"
     "三是体检报告由医院专家集中解读。", 2, 2, "校工会"),
    ("office", "关于改善教师办公室条件的建议",
     "部分年级组办公室面积小、人员多，夏季闷热，电脑设备老旧，影响教师备课和批改作业。",
     "一是调整办公用房，缓解拥挤；二是为各办公室安装空调并更新电脑；三是设立教师休息室，配备饮水机和微波炉。",
     1, 2, "总务处"),
    ("class_teacher_pay", "关于提高班主任津贴的建议",
     "班主任工作任务重、责任大，现行班主任津贴标准多年未调整，年轻教师担任班主任积极性不高。",
     "建议提高班主任津贴标准，并在绩效工资中单列班主任工作量。", 2, 3, ""),
    ("holidays", "关于调整寒暑假放假时间的建议",
     "希望寒假提前一周放假，暑假推迟一周开学，方便教师休整和照顾家庭。",
     "建议学校向上级部门反映，适当调整寒暑假放假时间。", 3, 2, ""),
    ("water", "关于在教学楼增设直饮水机的建议",
     "教学楼每层只有一台饮水机，课间教师和学生排队接水，夏季供水不足。",
     "建议在每栋教学楼每层增设两台直饮水机，并定期检测水质、更换滤芯。", 1, 3, ""),
    ("counselling", "关于开展教师心理健康辅导的建议",
     "教师工作压力大，部分教师存在焦虑、失眠等情况，学校缺少面向教师的心理疏导渠道。",
     "一是每学期邀请专家开展一次教师心理健康讲座；二是开设教师心理咨询室，预约制、保护隐私；"
     "三是工会组织减压团辅活动。", 0, 2, ""),
    ("sanatorium", "关于组织教职工疗休养的建议",
     "按照上级工会规定，教职工可以参加疗休养，但我校多年未组织，教职工期盼较高。",
     "建议工会利用暑假分批组织教职工疗休养，优先安排一线教师和工作满二十年的教职工。", 3, 3, ""),
    ("library", "关于延长图书馆开放时间的建议",
     "学校图书馆下午五点闭馆，教师课后无法借阅，周末也不开放。",
     "建议图书馆工作日开放至晚上七点，周六上午开放，并开通网上预约借书。", 0, "member", ""),
]

# What became of each proposal: (status, number, cosigners wanted, extra).
OUTCOMES = {
    "canteen": (S.CLOSED, 1, 3, {"rating": [R.SATISFIED]}),
    "housing": (S.CLOSED, 2, 2, {"rating": [R.UNSATISFIED, R.MOSTLY]}),  # closed after a second reply
    "titles": (S.REPLIED, 3, 2, {}),
    "merit_pay": (S.REGISTERED, 4, 3, {"overdue": True}),
    "after_school": (S.REGISTERED, 5, 2, {}),
    "checkup": (S.CLOSED, 6, 2, {"rating": [R.MOSTLY]}),
    "office": (S.CLOSED, 7, 2, {"rating": [R.SATISFIED]}),
    "class_teacher_pay": (S.MERGED, None, 2, {"into": "merit_pay",
                                              "note": "与第4号提案内容相近，并入第4号提案一并办理。"}),
    "holidays": (S.NOT_REGISTERED, None, 2, {"note": "寒暑假放假时间由省教育厅统一规定，不属于学校职权范围，不予立案；"
                                             "已向代表当面说明。"}),
    "water": (S.TO_SUGGESTION, None, 1, {"note": "属于日常后勤工作，转为意见建议交总务处办理。"}),
    "counselling": (S.SUBMITTED, None, 1, {}),  # awaiting co-signers: 刘洋 may sign it
    "sanatorium": (S.SUBMITTED, None, 2, {}),  # enough co-signers, awaiting review
    "library": (S.DRAFT, None, 0, {}),
}

REPLIES = {
    "canteen": ["学校高度重视，已于开学后重新招标确定食堂承包单位。每周五在校园网和食堂门口公布下周菜谱及价格；"
                "成立了有7名教职工代表参加的伙食管理委员会，每月开展一次满意度测评；晚自习值班教师晚餐已于本月起供应。"],
    "housing": ["周转房维修需纳入下一年度预算，目前暂无专项经费，学校将积极争取上级支持。",
                "经学校行政会研究，已将周转房屋面和水电线路改造列入暑期维修计划，由总务处组织施工；"
                "新的周转房分配办法（征求意见稿）已在校务公开栏公示，听取教职工意见后提交教代会审议。"],
    "titles": ["学校已修订职称评聘工作方案，方案经教职工代表讨论通过后实施。"
               "量化积分、推荐名额和评审结果均在校务公开栏公示五个工作日，异议由校长办公室受理，五个工作日内答复。"],
    "checkup": ["经与体检医院协商，在现有标准内为全体教职工增加甲状腺彩超和颈椎检查，女教职工增加乳腺彩超；"
                "肿瘤标志物检测因超出经费标准，暂按自愿自费原则增加。"],
    "office": ["学校已完成三个年级组办公室的调整，新增空调12台，更新教师电脑30台；"
               "教师休息室设在行政楼一楼，已配备饮水机和微波炉。"],
}
RATING_COMMENTS = {
    R.SATISFIED: "答复及时，措施落实到位，教职工反映良好。",
    R.MOSTLY: "问题基本解决，希望后续继续跟进。",
    R.UNSATISFIED: "答复没有提出具体措施和时间表，请再研究。",
}


def seed(union, year, today):
    """Build the democratic-management demo; returns the anonymous sender's receipt code (or None for a
    future year, which has no congress yet)."""
    last = _last_day(year, today)
    if last is None:
        return None
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["chair", "committee", "member"])}
    members = list(Member.objects.for_union(union).current().exclude(status=Member.Status.RETIRED)
                   .select_related("department", "user").order_by("employee_number"))
    held = _held_on(last)
    congress, created = _congress(union, held)
    if created:
        _representatives(congress, members, held)
    representatives = list(congress.representatives.select_related("member__user", "delegation"))
    _proposals(congress, representatives, held, last)
    leaders = [m for m in members if m.department.name == "行政后勤" and m.user_id is None][: len(LEADERS)]
    evaluation = _evaluation(union, congress, members, leaders, held, users.get("chair"))
    _spring_poll(union, members, last, users)
    _suggestions(union, members, last, users.get("chair"))
    _notices(union, evaluation, held, last, users.get("chair"))
    return RECEIPT_CODE


def _last_day(year, today):
    """As the money demo: up to today in the current year, the whole of a past year, nothing of a future one."""
    if year < today.year:
        return date(year, 12, 31)
    return today if year == today.year else None


def _held_on(last):
    """The congress met on the Friday twelve weeks or more before the demo's last day."""
    day = last - timedelta(weeks=12)
    return day - timedelta(days=(day.weekday() - 4) % 7)


def _at(day, hour=9, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _congress(union, held):
    session = max(1, held.year - 2020)  # 第九届 began in 2021: one session a year
    return Congress.objects.get_or_create(
        union=union, kind=Congress.Kind.TEACHERS, term=9, session=session,
        defaults={"starts_on": held, "ends_on": held + timedelta(days=1), "place": "学校报告厅",
                  "status": Congress.Status.IN_SESSION, "cosigners_required": 2},
    )


def _representatives(congress, members, held):
    """Five a delegation from its departments' members, the demo logins among them; the proposal committee."""
    union = congress.union
    demo = {m.user.username: m for m in members if m.user_id and m.user.username in DEMO_REPRESENTATIVES}
    committee = []
    for order, (name, departments, size) in enumerate(DELEGATIONS):
        delegation = Delegation.objects.create(union=union, congress=congress, name=name, order=order)
        delegation.departments.set(Department.objects.for_union(union).filter(name__in=departments))
        chosen = [m for m in demo.values() if m.department.name in departments]
        chosen += [m for m in members if m.department.name in departments and m not in chosen and not m.user_id]
        for i, member in enumerate(chosen[:size]):
            Representative.objects.create(union=union, congress=congress, member=member, delegation=delegation,
                                          is_leader=i == 0, term_starts_on=held)
            if i == 1 and member.user_id is None:
                committee.append(member)
    # 提案工作委员会: the union's committee member who keeps the proposals and one from three delegations.
    congress.proposal_committee.set([*(m for m in [demo.get("committee")] if m), *committee[:3]])


def _slot(representatives, key, delegation_index, slot):
    """The proposer: 刘洋 where the table says "member", else the slot-th of the delegation."""
    if slot == "member":
        return next(r for r in representatives if r.member.user_id and r.member.user.username == "member")
    name = DELEGATIONS[delegation_index][0]
    ours = [r for r in representatives if r.delegation.name == name and not r.member.user_id]
    return ours[slot % len(ours)]


def _proposals(congress, representatives, held, last):
    union = congress.union
    existing = set(Proposal.objects.filter(congress=congress).values_list("title", flat=True))
    by_key = {}
    reviewed = held + timedelta(days=3)
    member_rep = _slot(representatives, "", 0, "member")
    for n, (key, title, reason, measures, delegation, slot, handler) in enumerate(PROPOSALS):
        if title in existing:
            by_key[key] = Proposal.objects.get(congress=congress, title=title)
            continue
        status, number, wanted, extra = OUTCOMES[key]
        proposer = _slot(representatives, key, delegation, slot)
        submitted = None if status == S.DRAFT else _at(held - timedelta(days=20 - n), 16, 30)
        p = Proposal.objects.create(
            union=union, congress=congress, title=title, reason=reason, measures=measures, proposer=proposer,
            status=status, number=number, submitted_at=submitted, handler=handler,
            reviewed_at=_at(reviewed, 15) if status not in (S.DRAFT, S.SUBMITTED) else None,
            review_note=extra.get("note", ""),
            merged_into=by_key.get(extra.get("into")),
            reply_due_on=_due(key, status, extra, reviewed, last) if number else None,
        )
        Proposal.objects.filter(pk=p.pk).update(created_at=submitted or _at(last - timedelta(days=2), 20))
        # Co-signers from other delegations first (a proposal reaches across the school), never 刘洋 where
        # he is to co-sign himself on the demo page.
        others = [r for r in representatives if r.pk != proposer.pk and r.pk != member_rep.pk]
        rng = random.Random(key)
        for r in rng.sample(others, wanted):
            Cosignature.objects.create(union=union, proposal=p, representative=r,
                                       signed_at=(submitted or _at(held)) + timedelta(hours=rng.randint(2, 60)))
        _replies(p, key, extra, reviewed, last)
        if status == S.TO_SUGGESTION:
            Suggestion.objects.get_or_create(
                union=union, title=title,
                defaults={"text": f"{reason}\n\n{measures}", "author": proposer.member,
                          "submitted_on": reviewed, "status": Suggestion.Status.ADOPTED,
                          "reply": "总务处已在行政楼和教学楼各增设直饮水机4台，并委托供水公司每季度检测水质。",
                          "replied_on": reviewed + timedelta(days=30)},
            )
        by_key[key] = p


def _due(key, status, extra, reviewed, last):
    """Registered: one deadline just past, one ahead; replied on time; a second reply's new deadline."""
    if status == S.REGISTERED:
        return last - timedelta(days=12) if extra.get("overdue") else last + timedelta(days=20)
    if status == S.REPLIED:
        return last + timedelta(days=5)
    if len(extra.get("rating", [])) > 1:  # 30 days from the first reply's rating (proposals.rate)
        return _replied_on(key, 0, reviewed) + timedelta(days=5 + 30)
    return reviewed + timedelta(days=45)


def _replied_on(key, i, reviewed):
    """The i-th reply's day: three weeks or so after the registration, a second one a month later."""
    return reviewed + timedelta(days=20 + 30 * i + len(key))


def _replies(p, key, extra, reviewed, last):
    """The answers (one, or two after an unsatisfied rating) and the proposer's ratings."""
    if p.status == S.REPLIED:
        ProposalReply.objects.create(union=p.union, proposal=p, round=1, text=REPLIES[key][0],
                                     replied_by=p.handler, replied_on=last - timedelta(days=4))
        return
    for i, rating in enumerate(extra.get("rating", [])):
        replied = _replied_on(key, i, reviewed)
        ProposalReply.objects.create(
            union=p.union, proposal=p, round=i + 1, text=REPLIES[key][i], replied_by=p.handler, replied_on=replied,
            rating=rating, rating_comment=RATING_COMMENTS[rating], rated_at=_at(replied + timedelta(days=5), 17),
            second_reply_asked=rating == R.UNSATISFIED,
        )


def _evaluation(union, congress, members, leaders, held, chair):
    """民主测评 of the school's leaders at the congress: closed, 60 anonymous papers."""
    title = f"{held.year}年学校领导班子及成员民主测评"
    ballot = Ballot.objects.for_union(union).filter(title=title).first()
    if ballot is not None:
        return ballot
    ballot = Ballot.objects.create(
        union=union, kind=Ballot.Kind.EVALUATION, title=title, congress=congress, audience=Ballot.Audience.ALL,
        description="根据上级要求，在教代会期间对学校领导班子成员进行民主测评。请按优秀、称职、基本称职、不称职四个等次"
                    "客观评价，测评匿名进行，结果将在校务公开栏公示。",
        status=Ballot.Status.CLOSED, opened_at=_at(held, 14), closed_at=_at(held, 16, 30),
        eligible_count=len(members),
    )
    rng = random.Random(f"evaluation-{held.year}")
    questions = []
    for order, ((post, weights), leader) in enumerate(zip(LEADERS, leaders, strict=False)):
        question = Question.objects.create(union=union, ballot=ballot, order=order, kind=Question.Kind.RATING,
                                           text=f"{leader.name} {post}")
        choices = Choice.objects.bulk_create([Choice(union=union, question=question, order=i, text=g)
                                              for i, g in enumerate(GRADES)])
        questions.append((question, choices, weights))
    comment = Question.objects.create(union=union, ballot=ballot, order=len(questions), kind=Question.Kind.TEXT,
                                      text="对学校领导班子的意见和建议")
    # Who voted: a sample of the members, written in a shuffled order of their own.
    voters = rng.sample(members, min(PAPERS, len(members)))
    BallotVoter.objects.bulk_create([BallotVoter(union=union, ballot=ballot, member=m) for m in voters])
    # The papers: drawn from the weights, not from the voters, and written in another batch.
    papers = [BallotResponse(union=union, ballot=ballot) for _ in voters]
    rng.shuffle(papers)
    BallotResponse.objects.bulk_create(papers)
    answers = []
    for paper in papers:
        for question, choices, weights in questions:
            answers.append(Answer(union=union, response=paper, question=question,
                                  choice=rng.choices(choices, weights=weights)[0]))
    # A few papers carry a comment, each its own: most voters leave the free text empty.
    for paper, text in zip(rng.sample(papers, min(len(papers), len(EVALUATION_COMMENTS))), EVALUATION_COMMENTS,
                           strict=False):
        answers.append(Answer(union=union, response=paper, question=comment, text=text))
    rng.shuffle(answers)
    Answer.objects.bulk_create(answers)
    return ballot


def evaluation_counts(ballot):
    """{question text: Counter of grade}: what the 公示 of the results quotes."""
    counts = {}
    for question in ballot.questions.filter(kind=Question.Kind.RATING).order_by("order"):
        counts[question.text] = Counter(
            Answer.objects.filter(question=question).values_list("choice__text", flat=True))
    return counts


def _spring_poll(union, members, last, users):
    """春游去哪儿: an open named poll; a third of the staff has voted, the demo's `member` not yet."""
    outing_year = last.year if last.month < 4 else last.year + 1
    title = f"{outing_year}年春游去哪儿？"
    if Ballot.objects.for_union(union).filter(title=title).exists():
        return
    ballot = Ballot.objects.create(
        union=union, kind=Ballot.Kind.POLL, title=title, audience=Ballot.Audience.ALL, status=Ballot.Status.OPEN,
        description=f"工会拟于{outing_year}年4月组织教职工春游，请选择你最想去的地方，得票最多的地点当选。",
        opened_at=_at(last - timedelta(days=3), 8), closes_at=_at(last + timedelta(days=7), 18),
        eligible_count=Member.objects.for_union(union).current().count(),
    )
    question = Question.objects.create(union=union, ballot=ballot, order=0, kind=Question.Kind.SINGLE,
                                       text="你最想去哪儿春游？")
    choices = Choice.objects.bulk_create([Choice(union=union, question=question, order=i, text=t)
                                          for i, t in enumerate(SPRING_OUTING)])
    rng = random.Random(f"poll-{outing_year}")
    demo_member = users.get("member")
    voters = rng.sample([m for m in members if demo_member is None or m.user_id != demo_member.pk],
                        min(25, len(members) - 1))
    BallotVoter.objects.bulk_create([BallotVoter(union=union, ballot=ballot, member=m) for m in voters])
    for member in voters:  # a named poll: each paper names its voter
        paper = BallotResponse.objects.create(union=union, ballot=ballot, member=member)
        Answer.objects.create(union=union, response=paper, question=question,
                              choice=rng.choices(choices, weights=(5, 3, 4, 6))[0])


def _suggestions(union, members, last, chair):
    """合理化建议 and letters: named and answered, adopted and rewarded, anonymous with a receipt code."""
    named = {m.user.username: m for m in members if m.user_id}
    others = [m for m in members if not m.user_id]
    rows = [
        dict(kind=Suggestion.Kind.SUGGESTION, title="关于推行无纸化办公、节约打印耗材的建议",
             text="各处室每学期打印通知、表格数量很大，建议通过校园办公平台下发通知、收集材料，"
                  "试卷和讲义实行按需打印登记，预计每年可节约纸张和耗材费用两万元以上。",
             author=others[5], submitted_on=last - timedelta(days=70), status=Suggestion.Status.ADOPTED,
             reply="建议很好。学校已从本学期起推行无纸化办公，经测算本学期节约打印费用约一万一千元。"
                   "经工会委员会研究，给予建议人合理化建议奖励。",
             replied_on=last - timedelta(days=40)),
        dict(kind=Suggestion.Kind.LETTER, title="食堂晚餐能否延长供应时间",
             text="晚自习值班老师六点半以后到食堂就没有饭菜了，希望食堂晚餐延长到七点。",
             author=named.get("member"), submitted_on=last - timedelta(days=30), status=Suggestion.Status.ANSWERED,
             reply="已与食堂协商，从下周一起晚餐供应延长至19:00，值班教师凭值班表就餐。",
             replied_on=last - timedelta(days=26)),
        dict(kind=Suggestion.Kind.SUGGESTION, title="关于错峰安排教师停车的建议",
             text="早上七点半前后校门口车辆拥堵，建议划定教师停车区域，实行错峰入校，并在操场边增设临时停车位。",
             anonymous=True, receipt_hash=suggestion_ops.receipt_hash(RECEIPT_CODE),
             submitted_on=last - timedelta(days=9), status=Suggestion.Status.STUDYING,
             reply="感谢你的建议，已转总务处会同保卫处研究，研究结果将在校务公开栏公布。",
             replied_on=last - timedelta(days=6)),
        dict(kind=Suggestion.Kind.LETTER, title="反映部分年级课时量分配不均",
             text="同一学科的老师课时量相差较大，多上课的老师绩效没有明显体现，希望学校在排课时统筹考虑。",
             anonymous=True, receipt_hash=suggestion_ops.receipt_hash(suggestion_ops.new_receipt_code()),
             submitted_on=last - timedelta(days=2)),
        dict(kind=Suggestion.Kind.SUGGESTION, title="关于教职工午休时间开放健身房的建议",
             text="学校健身房目前只在下午放学后开放，建议中午十二点半至一点半也向教职工开放。",
             author=others[11], submitted_on=last - timedelta(days=50), status=Suggestion.Status.NOT_ADOPTED,
             reply="健身房午间无专人管理，出于安全考虑暂不开放；工会将在办公楼增设工间操活动区。",
             replied_on=last - timedelta(days=44)),
    ]
    for row in rows:
        title = row.pop("title")
        if not row.get("anonymous"):
            row.setdefault("anonymous", False)
        suggestion, created = Suggestion.objects.get_or_create(union=union, title=title, defaults=row)
        if created and suggestion.status == Suggestion.Status.ADOPTED and suggestion.author_id and chair:
            _reward(suggestion, chair, last)


def _reward(suggestion, chair, last):
    """The adopted proposal's reward, paid from the union's funds through the suggestions' own step."""
    category = suggestion_ops.default_reward_category(suggestion.union)
    if category is None:
        return
    try:
        suggestion_ops.reward(suggestion, chair, suggestion.version, amount=Decimal("300.00"), date=last,
                              category=category)
    except PeriodLocked:
        pass  # a reviewed period: the demo leaves the money alone


def _notices(union, evaluation, held, last, chair):
    """校务公开 asking for feedback, the 民主测评's 公示, an earlier notice and its correction."""
    year = last.year
    published = dict(published_by=chair, audience_label="全体会员")
    feedback_notice = _notice(
        union, f"关于{year}年下半年教职工绩效工资分配方案（征求意见稿）的公示",
        Notice.Category.UNIT_AFFAIRS, last - timedelta(days=3), last + timedelta(days=7), asks_feedback=True,
        body="根据上级有关文件精神，结合我校实际，学校拟定了下半年教职工绩效工资分配方案（征求意见稿），"
             "现予以公示。\n主要调整：提高班主任和毕业年级教师绩效权重；课后服务按实际课时计入工作量；"
             "指导青年教师每学期计10课时。\n公示期内，教职工可通过本页面或工会信箱提出意见，学校将认真研究吸纳。",
        **published,
    )
    if feedback_notice and not feedback_notice.feedback.exists():
        writers = Member.objects.for_union(union).current().exclude(user__isnull=False).order_by("employee_number")
        for member, text in zip(writers[3:5], ["建议将课后服务补贴单独核算，不占绩效总量。",
                                              "指导青年教师的课时认定希望再提高一些。"], strict=False):
            NoticeFeedback.objects.create(union=union, notice=feedback_notice, member=member, text=text)
    counts = evaluation_counts(evaluation)
    lines = [f"{name}：优秀{c['优秀']}票，称职{c['称职']}票，基本称职{c['基本称职']}票，不称职{c['不称职']}票；"
             for name, c in counts.items()]
    if lines:
        lines[-1] = lines[-1][:-1] + "。"
    _notice(
        union, f"{evaluation.title}结果公示", Notice.Category.PUBLICITY, held + timedelta(days=3),
        held + timedelta(days=10),
        body=f"{held.month}月{held.day}日，学校在教代会期间组织教职工对学校领导班子成员进行了民主测评，"
             f"应参加{evaluation.eligible_count}人，实际参加{evaluation.voters.count()}人。测评结果如下：\n"
             + "\n".join(lines) + "\n公示期内如有异议，请向校工会反映。",
        **published,
    )
    checkup = last - timedelta(days=15)
    first = _notice(
        union, f"关于{year}年教职工健康体检安排的通知", Notice.Category.UNION_AFFAIRS, checkup,
        checkup + timedelta(days=30),
        body=f"经工会委员会研究，{year}年教职工健康体检安排在湘雅二医院体检中心进行，时间为"
             f"{_month_day(checkup + timedelta(days=20))}至{_month_day(checkup + timedelta(days=24))}"
             "（具体日期以医院为准），按工会小组分批进行。体检前一天晚十点后禁食禁水。",
        **published,
    )
    if first:
        _notice(
            union, f"关于{year}年教职工健康体检安排的更正通知", Notice.Category.UNION_AFFAIRS,
            checkup + timedelta(days=2), checkup + timedelta(days=30), corrects=first,
            body="原通知中“体检前一天晚十点后禁食禁水”有误，更正为：体检前一天晚八点后禁食，晚十点后禁水。"
                 "女教职工增加的乳腺彩超项目在同一天完成。其余安排不变。",
            **published,
        )


def _month_day(day):
    return f"{day.month}月{day.day}日"


def _notice(union, title, category, starts, ends, **fields):
    """A published notice (found by its title): published at nine on the first day of its period."""
    found = Notice.objects.for_union(union).filter(title=title).first()
    if found:
        return found
    return Notice.objects.create(union=union, title=title, category=category, publicity_starts_on=starts,
                                 publicity_ends_on=ends, published_at=_at(starts), **fields)
