"""Ballots (民主测评 / 问卷 / 投票): who may vote, voting once, opening, closing and counting.

Secrecy of an anonymous ballot is kept here and in the schema: a vote writes a `BallotVoter` (who
has voted) and a `BallotResponse` with its answers (what was chosen) in one transaction, on random
keys and without a time, a member or a history entry on the paper. Nothing the app shows or exports
lists papers in the order they were stored: counts are grouped, free text is sorted by its words.
What the app cannot hide: a person who reads the database files themselves may see the order rows
were written in (SQLite's rowid, PostgreSQL's physical order), and so pair the n-th voter row with
the n-th paper. That needs the database, not the app (tests/congress/test_ballots_secrecy.py).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress.models import Answer, Ballot, BallotResponse, BallotVoter, Choice, Question, Representative
from members import history
from members.models import Member

# The four grades of a 民主测评, best first: a rating question's choices in this order (order 0..3).
GRADES = [gettext_lazy("Excellent"), gettext_lazy("Competent"), gettext_lazy("Basically competent"),
          gettext_lazy("Incompetent")]


class BallotRefused(Exception):
    """A vote, an edit, an opening or a closing the ballot's state does not allow; the message says why."""


# -- who votes ------------------------------------------------------------------------------------


def eligible_members(ballot):
    """The members the ballot's audience names (members still in the union)."""
    members = Member.objects.for_union(ballot.union_id).current()
    if ballot.audience == Ballot.Audience.DEPARTMENT:
        if ballot.department_id is None:  # only the admin can leave it out; nobody votes then
            return members.none()
        return members.filter(department_id=ballot.department_id)
    if ballot.audience == Ballot.Audience.REPRESENTATIVES:
        serving = Representative.objects.for_union(ballot.union_id).filter(congress_id=ballot.congress_id).serving()
        return members.filter(pk__in=serving.values("member_id"))
    return members


def is_eligible(ballot, member):
    return member is not None and member.union_id == ballot.union_id and (
        eligible_members(ballot).filter(pk=member.pk).exists())


def has_voted(ballot, member):
    return member is not None and BallotVoter.objects.filter(ballot=ballot, member=member).exists()


# -- the committee's steps ------------------------------------------------------------------------


def close_if_due(ballot, now=None):
    """An open ballot past its closing time closes when it is next read; returns the ballot."""
    now = now or timezone.now()
    if ballot.status == Ballot.Status.OPEN and ballot.closes_at and ballot.closes_at <= now:
        Ballot.objects.filter(pk=ballot.pk, status=Ballot.Status.OPEN).update(
            status=Ballot.Status.CLOSED, closed_at=ballot.closes_at, version=models.F("version") + 1)
        ballot.refresh_from_db()
    return ballot


def add_questions(ballot, kind, text, choices_text=""):
    """Add questions to a draft: a rating question per line of `text` ('张三 校长'), each with the four
    grades; or one single / multiple choice question with a choice per line; or one free-text question.
    Returns the questions made."""
    if ballot.status != Ballot.Status.DRAFT:
        raise BallotRefused(_("Only a draft ballot can be changed."))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if kind != Question.Kind.RATING:
        lines = [" ".join(lines)]
    options = [line.strip() for line in choices_text.splitlines() if line.strip()]
    with transaction.atomic():
        start = (ballot.questions.aggregate(last=models.Max("order"))["last"] or 0) + 1
        made = []
        for offset, line in enumerate(lines):
            question = Question.objects.create(union_id=ballot.union_id, ballot=ballot, order=start + offset,
                                               kind=kind, text=line)
            texts = [str(grade) for grade in GRADES] if kind == Question.Kind.RATING else options
            if kind != Question.Kind.TEXT:
                Choice.objects.bulk_create([Choice(union_id=ballot.union_id, question=question, order=i, text=t)
                                            for i, t in enumerate(texts)])
            made.append(question)
    return made


def remove_question(question):
    if question.ballot.status != Ballot.Status.DRAFT:
        raise BallotRefused(_("Only a draft ballot can be changed."))
    question.delete()


@transaction.atomic
def open_ballot(ballot, by, now=None):
    """Open a draft for voting: its questions are fixed and the number of eligible voters frozen."""
    now = now or timezone.now()
    if ballot.status != Ballot.Status.DRAFT:
        raise BallotRefused(_("This ballot is not a draft."))
    if not ballot.questions.exists():
        raise BallotRefused(_("Add at least one question before opening the ballot."))
    if ballot.closes_at and ballot.closes_at <= now:
        raise BallotRefused(_("The closing time has passed: set a later one first."))
    ballot.eligible_count = eligible_members(ballot).count()
    if not ballot.eligible_count:
        raise BallotRefused(_("Nobody may vote on this ballot: check who votes."))
    ballot.status, ballot.opened_at = Ballot.Status.OPEN, now
    return history.save_recorded(ballot, by, fields=["status", "opened_at", "eligible_count"])


@transaction.atomic
def close_ballot(ballot, by, now=None):
    if ballot.status != Ballot.Status.OPEN:
        raise BallotRefused(_("This ballot is not open."))
    ballot.status, ballot.closed_at = Ballot.Status.CLOSED, now or timezone.now()
    return history.save_recorded(ballot, by, fields=["status", "closed_at"])


# -- voting ---------------------------------------------------------------------------------------


def vote(ballot, member, answers):
    """Cast `member`'s vote: `answers` maps each question to a list of Choice objects or to a text.

    The voter row and the paper are written in one transaction; a second vote (also two at once: the
    unique voter row refuses the later one) changes nothing. On an anonymous ballot the paper names
    nobody, and nothing here records the person: no history entry, no log line."""
    try:
        with transaction.atomic():
            locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
            close_if_due(locked)
            if locked.status != Ballot.Status.OPEN:
                raise BallotRefused(_("This ballot is not open for voting."))
            if not is_eligible(locked, member):
                raise BallotRefused(_("You are not among those who vote on this ballot."))
            if has_voted(locked, member):
                raise BallotRefused(_("You have already voted on this ballot; a vote cannot be changed."))
            BallotVoter.objects.create(union_id=locked.union_id, ballot=locked, member=member)
            paper = BallotResponse.objects.create(union_id=locked.union_id, ballot=locked,
                                                  member=None if locked.anonymous else member)
            Answer.objects.bulk_create(_answer_rows(paper, answers))
    except IntegrityError:  # the same member's other request won the race
        raise BallotRefused(_("You have already voted on this ballot; a vote cannot be changed.")) from None


def _answer_rows(paper, answers):
    rows = []
    for question, value in answers.items():
        if question.kind == Question.Kind.TEXT:
            if value.strip():
                rows.append(Answer(union_id=paper.union_id, response=paper, question=question, text=value.strip()))
            continue
        for choice in value:
            rows.append(Answer(union_id=paper.union_id, response=paper, question=question, choice=choice))
    return rows


# -- results --------------------------------------------------------------------------------------


def percent(part, whole):
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class ChoiceCount:
    text: str
    count: int
    percent: Decimal


@dataclass
class QuestionResult:
    question: Question
    papers: int  # papers that answered it
    choices: list = field(default_factory=list)  # ChoiceCount, in the question's order
    texts: list = field(default_factory=list)  # free-text answers, sorted

    @property
    def is_rating(self):
        return self.question.kind == Question.Kind.RATING

    @property
    def excellent_rate(self):  # 优秀率
        return percent(self.choices[0].count, self.papers) if self.is_rating else None

    @property
    def competent_rate(self):  # 称职以上率 = (优秀 + 称职) / total
        return percent(self.choices[0].count + self.choices[1].count, self.papers) if self.is_rating else None


@dataclass
class Results:
    ballot: Ballot
    voted: int
    questions: list  # QuestionResult

    @property
    def turnout(self):
        return percent(self.voted, self.ballot.eligible_count)

    @property
    def ratings(self):
        return [q for q in self.questions if q.is_rating]


def results(ballot):
    """Counts per choice and the free texts of a ballot, in four queries whatever its size."""
    questions = list(ballot.questions.prefetch_related("choices"))
    counts = dict(((row["question_id"], row["choice_id"]), row["n"]) for row in
                  Answer.objects.filter(question__ballot=ballot, choice__isnull=False)
                  .values("question_id", "choice_id").annotate(n=models.Count("id")).order_by())
    answered = dict(Answer.objects.filter(question__ballot=ballot).values("question_id")
                    .annotate(n=models.Count("response_id", distinct=True)).order_by()
                    .values_list("question_id", "n"))
    # Sorted by the words themselves: never in the order the papers were stored.
    texts = {}
    for question_id, text in (Answer.objects.filter(question__ballot=ballot, question__kind=Question.Kind.TEXT)
                              .exclude(text="").order_by("question_id", "text").values_list("question_id", "text")):
        texts.setdefault(question_id, []).append(text)
    voted = BallotVoter.objects.filter(ballot=ballot).count()
    out = []
    for question in questions:
        papers = answered.get(question.pk, 0)
        if question.kind in (Question.Kind.RATING, Question.Kind.SINGLE):
            papers = sum(counts.get((question.pk, c.pk), 0) for c in question.choices.all())
        choices = [ChoiceCount(c.text, counts.get((question.pk, c.pk), 0),
                               percent(counts.get((question.pk, c.pk), 0), papers)) for c in question.choices.all()]
        out.append(QuestionResult(question, papers, choices, texts.get(question.pk, [])))
    return Results(ballot, voted, out)


def named_answers(ballot):
    """A named poll's papers: (member, question, answer text), by member in pinyin order, then question."""
    if ballot.anonymous:
        return []
    rows = (Answer.objects.filter(response__ballot=ballot, response__member__isnull=False)
            .select_related("response__member", "question", "choice")
            .order_by("response__member__name_pinyin", "response__member_id", "question__order", "question_id",
                      "choice__order", "text"))
    return [(a.response.member, a.question, a.choice.text if a.choice_id else a.text) for a in rows]


# -- charts ---------------------------------------------------------------------------------------

ROW_HEIGHT = 34  # px from one choice to the next: its label and figures, then its bar under them
BAR_COLOURS = ["#2f5d9e", "#3b7d4f", "#c9a227", "#c0392b"]  # a rating's grades, 优秀 blue … 不称职 red
BAR_COLOUR = "#2f5d9e"


@dataclass
class ChartRow:
    label: str
    figures: str  # "12（40.0%）"
    y: int  # px: the top of the row
    width: float  # % of the chart's width
    colour: str


@dataclass
class Chart:
    rows: list

    @property
    def height(self):
        return ROW_HEIGHT * len(self.rows)


def chart(result):
    """A bar per choice of a question, as long as its share of the papers. Drawn without a viewBox
    (templates/congress/_ballot_chart.html, like the visits chart): widths are % of the box and the
    type keeps its size on a phone."""
    rows = []
    for i, choice in enumerate(result.choices):
        colour = BAR_COLOURS[i] if result.is_rating and i < len(BAR_COLOURS) else BAR_COLOUR
        rows.append(ChartRow(choice.text, f"{choice.count}（{choice.percent}%）", i * ROW_HEIGHT,
                             float(choice.percent), colour))
    return Chart(rows)
