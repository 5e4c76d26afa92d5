"""Demo data for the year-end summary: the chair's text for the demo year, written the way a school
union's chair would (her own words around the figures the year recorded). Idempotent: a year whose
text exists is left as it is, so a chair's edits survive another `seed_demo`."""

from django.contrib.auth import get_user_model
from django.utils import translation

from members import history
from members.models import HistoryEntry
from unionplan import summary
from unionplan.models import YearSummary

OPENING = (
    "{year}年，我校工会在上级工会和学校党委的领导下，紧紧围绕学校中心工作，以教代会为主渠道推进校务公开和"
    "民主管理，以“弘扬师德、铸就师魂”为主题加强教职工队伍建设，以“五必访”和送温暖为抓手关心教职工生活，"
    "较好地完成了年度工作计划。"
)
ACHIEVEMENTS_CLOSING = [
    "民主管理方面，按时召开教代会，认真征集和办理代表提案，通过校园网、公示栏及时公开校务；"
    "坚持每月召开工会委员和小组长例会，工会的常规工作规范有序。",
    "文体活动方面，围绕元宵、三八、教师节、中秋、重阳等节日组织了丰富多彩的活动，"
    "教职工运动会和各工会小组活动增强了集体的凝聚力。",
]
PROBLEMS_OPENING = (
    "回顾一年的工作，我们也清醒地看到存在的不足："
)
PROBLEMS_CLOSING = [
    "活动形式还不够丰富，青年教师和退休教职工的参与度有待提高；",
    "工会干部的业务学习抓得不够，服务教职工的能力还需进一步增强。",
]
NEXT_YEAR = [
    "围绕学校中心工作，认真编制{next}年工会工作计划，提交教代会审议。",
    "继续推进校务公开和民主管理，提高教代会提案办理的质量和效率。",
    "深化师德师风建设，组织好教师节、三八节等节日活动和教职工文体活动。",
    "落实“五必访”制度，做好送温暖、送清凉和困难教职工帮扶工作。",
    "规范工会经费管理，按时足额收缴会费，配合经审委员会做好经费审查工作。",
]


def seed(union, year):
    if YearSummary.objects.for_union(union).filter(year=year).exists():
        return
    with translation.override("zh-hans"):
        draft = summary.draft(summary.build(union, year))
    achievements = [OPENING.format(year=year), *draft["achievements"].splitlines(), *ACHIEVEMENTS_CLOSING]
    problems = [PROBLEMS_OPENING, *draft["problems"].splitlines(), *PROBLEMS_CLOSING]
    next_year = [f"{i}．{line.format(next=year + 1)}" for i, line in enumerate(NEXT_YEAR, 1)]
    chair = get_user_model().objects.filter(username="chair").first()
    text = YearSummary.objects.create(
        union=union,
        year=year,
        achievements="\n".join(achievements),
        problems="\n".join(problems),
        next_year="\n".join(next_year),
        updated_by=chair,
    )
    history.record(
        text, chair, HistoryEntry.Action.CREATE, history.snapshot(text, YearSummary.TEXT_FIELDS)
    )
