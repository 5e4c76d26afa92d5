"""The admin stays inside the union (issue 14, part 3): a cross-union matrix over every registered model.

Two unions, 甲 and 乙, each with a row of every model; every text of 乙's rows holds "乙" and every
year is 2031 (甲's are 2026). 甲's chair is a staff user holding every permission (not a superuser),
so that every admin page opens for them. For each registered model, as that user:

- the changelist (list, filters, date drill-down) shows nothing of 乙: no "乙", no 2031, and no filter
  link to one of 乙's rows;
- the add and change forms (inlines included) offer nothing of 乙 in any choice;
- posting one of 乙's ids in any relation of the form or of an inline is refused;
- /admin/r/<content type>/<乙's id>/ (the "view on site" shortcut) is a 404, like an id that does not
  exist;
- the autocomplete of every relation that points to the model returns nothing of 乙.

Models of other packages that belong to no union (django-axes' login attempts) are for superusers
only; the logins (auth.User) are those the staff user may manage (tests/members/test_account_takeover.py).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.test import Client, RequestFactory
from lxml import html

import members.admin as members_admin
from activities.models import FeedToken, PublicCalendar
from funds.models import (
    Allocation,
    CareCapReason,
    DistributionRecipient,
    FestivalDistribution,
    FinalAccountsNote,
    FundSettings,
    ReviewSignature,
    WelfareStandard,
)
from funds.welfare import apply_preset
from members import history
from members.models import CareReason, CareSettings, CareStandard, HistoryEntry, JoinApplication, Union
from notify.models import OutboxMessage, Robot
from plans.models import AnnualPlan
from tests.factories import (
    ActivityCategoryFactory,
    ActivityFactory,
    ActivitySeriesFactory,
    AnnualPlanFactory,
    BudgetLineFactory,
    CareEventFactory,
    CareVisitFactory,
    DepartmentFactory,
    DuesFactory,
    ExpenseCategoryFactory,
    ExpenseFactory,
    FundReviewFactory,
    HardshipRecordFactory,
    IncomeFactory,
    MemberFactory,
    PlanItemFactory,
    SignupFactory,
    UnionFactory,
    UnionGroupFactory,
    UserFactory,
    WageBaseFactory,
)
from tests.unionplan.world import isolated
from unionplan.models import YearSummary

pytestmark = pytest.mark.django_db

OURS, THEIRS = "甲", "乙"
OUR_YEAR, THEIR_YEAR = 2026, 2031
MODELS = sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)


@dataclass
class Side:
    union: object
    chair: object  # the chair's login
    targets: dict = field(default_factory=dict)  # model → the row whose change form is opened


def populate(union, mark, year):
    """A row of every model for `union`, every text marked and every year `year`."""
    chair_login = UserFactory(username=f"{mark}主席账号", role="chair")
    chair = MemberFactory(union=union, user=chair_login, name=f"{mark}主席", position="chair")
    department = DepartmentFactory(union=union, name=f"{mark}部门")
    group = UnionGroupFactory(union=union, name=f"{mark}小组", leader=chair)
    member = MemberFactory(
        union=union, user=UserFactory(username=f"{mark}会员账号", role="member"), name=f"{mark}会员",
        department=department, group=group,
    )
    CareSettings.of(union)
    CareStandard.objects.create(union=union, reason=CareReason.ILLNESS, gift=f"{mark}慰问品")
    HardshipRecordFactory(union=union, member=member, reason=f"{mark}困难原因", since=date(year, 1, 1))
    event = CareEventFactory(union=union, member=member, notes=f"{mark}需走访", occurred_on=date(year, 3, 2))
    visit = CareVisitFactory(union=union, member=member, event=event, gift=f"{mark}水果", date=date(year, 3, 5))
    visit.visitors.set([chair])
    history.record(member, chair_login, HistoryEntry.Action.OTHER, note=f"{mark}记录")

    approved = AnnualPlanFactory(union=union, year=year - 1, title=f"{mark}去年计划")
    PlanItemFactory(plan=approved, title=f"{mark}去年条目")
    approved.submit(chair_login)
    approved.approve(chair_login, chair, AnnualPlan.ApprovalBody.CONGRESS, f"{mark}审议通过")
    plan = AnnualPlanFactory(union=union, year=year, title=f"{mark}计划")
    item = PlanItemFactory(plan=plan, title=f"{mark}条目", owner=member)

    category = ActivityCategoryFactory(union=union, name=f"{mark}类别")
    series = ActivitySeriesFactory(
        union=union, category=category, title=f"{mark}系列", first_date=date(year, 1, 1),
        last_date=date(year, 12, 31), organiser=chair,
    )
    activity = ActivityFactory(
        union=union, category=category, title=f"{mark}活动", start_date=date(year, 3, 10), organiser=chair,
        plan_item=item, audience_group=group, series=series,
    )
    SignupFactory(activity=activity, member=member)
    FeedToken.objects.for_member(member)
    PublicCalendar.share(union)

    FundSettings.for_union(union)
    expense_category = ExpenseCategoryFactory(union=union, name=f"{mark}科目")
    WageBaseFactory(member=member, year=year)
    DuesFactory(member=member, year=year, month=1)
    IncomeFactory(union=union, date=date(year, 3, 1), payer=f"{mark}付款单位")
    BudgetLineFactory(union=union, category=expense_category, year=year, note=f"{mark}预算")
    ExpenseFactory(
        union=union, category=expense_category, date=date(year, 3, 8), description=f"{mark}支出",
        payee=f"{mark}商店", activity=activity, care_visit=visit,
    )
    # issue 17: welfare caps, a festival distribution with its sign-for list, the 2% allocation, final accounts
    standard = apply_preset(WelfareStandard(union=union, year=year), "anhui-2018")
    standard.source, standard.local_festivals = f"{mark}省总工会文件", [f"{mark}族节日"]
    standard.save()
    CareCapReason.objects.create(union=union, care_visit=visit, reason=f"{mark}超标原因")
    gifts = ExpenseFactory(union=union, category=expense_category, date=date(year, 9, 20), description=f"{mark}中秋")
    distribution = FestivalDistribution.objects.create(
        union=union, festival="中秋", date=date(year, 9, 20), item=f"{mark}月饼", amount_per_person=300,
        supplier=f"{mark}超市", invoice_number=f"{mark}发票", expense=gifts,
    )
    DistributionRecipient.objects.create(union=union, distribution=distribution, member=member, amount=300)
    Allocation.objects.create(
        union=union, year=year, number=1, payroll=100000, paid=1500, paid_on=date(year, 1, 25), note=f"{mark}少拨",
    )
    FinalAccountsNote.objects.create(union=union, year=year, line="account:capital", explanation=f"{mark}说明")
    review = FundReviewFactory(
        union=union, year=year, start=date(year, 1, 1), end=date(year, 6, 30), reviewed_on=date(year, 7, 10),
        findings=f"{mark}审查意见",
    )
    review.reviewers.set([member])  # not the chair: 经审 is independent of who keeps the money
    ReviewSignature.objects.create(union=union, review=review, member=member)
    YearSummary.objects.create(union=union, year=year, achievements=f"{mark}主要成绩")
    # issue 19: a group robot and a message it sent
    robot = Robot.objects.create(union=union, name=f"{mark}委员群", committee_chat=True,
                                 webhook_url=f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={mark}{year}")
    OutboxMessage.objects.create(union=union, robot=robot, kind="birthdays", dedup_key=f"{mark}{year}",
                                 title=f"{mark}本周生日", text=f"{mark}名单")
    # issue 20: an application from the union's join page
    JoinApplication.objects.create(union=union, name=f"{mark}申请人", gender="F", phone="13900000000",
                                   employer=f"{mark}单位", department=department, receipt_hash=f"{mark}{year}")
    side = Side(union, chair_login)
    side.targets = {AnnualPlan: plan}  # the draft: its outline is open to change
    return side


@dataclass
class World:
    ours: Side
    theirs: Side
    staff: object

    def their_rows(self, model):
        """乙's rows of `model` (the union, its parent, its logins, or what it owns)."""
        union = self.theirs.union
        if model is Union:
            return Union.objects.filter(pk__in=[union.pk, union.parent_id])
        if model is get_user_model():
            return model.objects.filter(member__union=union)
        if any(f.name == "union" for f in model._meta.fields):
            return model._default_manager.filter(union=union)
        return model._default_manager.none()

    def their_ids(self, model):
        return {str(pk) for pk in self.their_rows(model).values_list("pk", flat=True)}

    def our_row(self, model):
        if model in self.ours.targets:
            return self.ours.targets[model]
        union = self.ours.union
        if model is Union:
            return union
        if model is get_user_model():
            return model.objects.filter(member__union=union).exclude(pk=self.staff.pk).first()
        if any(f.name == "union" for f in model._meta.fields):
            return model._default_manager.filter(union=union).order_by("pk").first()
        return model._default_manager.order_by("pk").first()

    def request(self):
        """A request of the staff user, for reading the admin's forms as they get them."""
        request = RequestFactory().get("/admin/")
        request.user, request.union, request.member = self.staff, self.ours.union, self.staff.member
        return request


def build_world():
    ours = UnionFactory(name=f"{OURS}工会", parent=UnionFactory(name="上级总工会"))
    theirs = UnionFactory(name=f"{THEIRS}工会", parent=UnionFactory(name=f"{THEIRS}上级工会"))
    w = World(populate(ours, OURS, OUR_YEAR), populate(theirs, THEIRS, THEIR_YEAR), None)
    w.staff = w.ours.chair
    w.staff.is_staff = True
    w.staff.save()
    w.staff.user_permissions.set(Permission.objects.all())
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@contextmanager
def staff_client(world):
    with isolated():
        client = Client()
        client.force_login(world.staff)
        yield client


def model_of(label):
    return next(m for m in admin.site._registry if f"{m._meta.app_label}.{m._meta.model_name}" == label)


def url(model, view, *args):
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return base + {"changelist": "", "add": "add/", "change": f"{args[0] if args else ''}/change/"}[view]


def visible_text(response):
    """The page's text and links, without hidden inputs (the CSRF token is random text)."""
    page = html.fromstring(response.content.decode())
    for hidden in page.xpath('//input[@type="hidden"]'):
        hidden.drop_tree()
    return page.text_content() + " ".join(page.xpath("//a/@href")), page


def superusers_only(model):
    return isinstance(admin.site._registry[model], getattr(members_admin, "SuperusersOnly", ()))


def relations(model):
    """The forward relations of `model` (foreign keys, one-to-one, many-to-many)."""
    return [f for f in model._meta.get_fields() if f.is_relation and f.concrete and not f.auto_created or
            f.many_to_many and not f.auto_created]


def test_every_registered_model_is_scoped_or_for_superusers():
    """A new admin without the union's scoping fails here (members.admin.UnionScoped is the choke point)."""
    scoped, superusers = members_admin.UnionScoped, members_admin.SuperusersOnly
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, scoped | superusers), model
        for inline in model_admin.inlines:
            assert issubclass(inline, scoped), (model, inline)


@pytest.mark.parametrize("label", MODELS)
def test_the_changelist_and_its_filters_show_nothing_of_another_union(world, label):
    model = model_of(label)
    with staff_client(world) as client:
        response = client.get(url(model, "changelist"))
    if superusers_only(model):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    text, page = visible_text(response)
    assert THEIRS not in text and str(THEIR_YEAR) not in text
    for link in page.xpath('//*[@id="changelist-filter"]//a/@href'):
        for key, value in parse_qsl(urlsplit(link).query):
            path = key.removesuffix("__exact").rsplit("__", 1)[0] if key.endswith("__exact") else None
            related = _related_model(model, path) if path else None
            if related is not None:
                assert value not in world.their_ids(related), (key, value)


def _related_model(model, path):
    try:
        last = get_fields_from_path(model, path)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return None
    return last.related_model if last.is_relation else None


def _choice_fields(world, model, obj):
    """{form field name: related model} for the relations the admin's form and inlines offer."""
    model_admin = admin.site._registry[model]
    request = world.request()
    found = {}
    if obj is None and not model_admin.has_add_permission(request):
        return found
    form = model_admin.get_form(request, obj, change=obj is not None)
    for name, form_field in form.base_fields.items():
        if hasattr(form_field, "queryset"):
            found[name] = form_field.queryset.model
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        for name, form_field in formset.form.base_fields.items():
            if hasattr(form_field, "queryset"):
                found[f"{prefix}-0-{name}"] = form_field.queryset.model
    return found


@pytest.mark.parametrize("label", MODELS)
def test_the_forms_offer_nothing_of_another_union(world, label):
    model = model_of(label)
    if superusers_only(model):
        return
    obj = world.our_row(model)
    pages = [url(model, "add")] + ([url(model, "change", obj.pk)] if obj is not None else [])
    for address in pages:
        with staff_client(world) as client:
            response = client.get(address)
        if response.status_code == 403:  # no adding here (read-only models, logins, unions)
            continue
        assert response.status_code == 200, address
        text, page = visible_text(response)
        assert THEIRS not in text and str(THEIR_YEAR) not in text, address
        for select in page.xpath("//select[@name]"):
            name = select.get("name").split("-")[-1]
            related = next((f.related_model for f in _all_relations(model) if f.name == name), None)
            if related is not None:
                offered = set(select.xpath(".//option/@value"))
                assert not offered & world.their_ids(related), (address, select.get("name"))


def _all_relations(model):
    inlines = [inline.model for inline in admin.site._registry[model].inlines]
    return [f for m in [model, *inlines] for f in relations(m)]


def _form_data(response, model):
    page = html.fromstring(response.content.decode())
    [form] = page.xpath(f'//form[@id="{model._meta.model_name}_form"]')
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data["_save"] = ["保存"]
    return data


@pytest.mark.parametrize("label", MODELS)
def test_another_unions_id_is_refused_in_every_relation_and_inline(world, label):
    model = model_of(label)
    if superusers_only(model):
        return
    obj = world.our_row(model)
    if obj is None:
        return
    change = url(model, "change", obj.pk)
    fields = _choice_fields(world, model, obj)
    with staff_client(world) as client:
        page = client.get(change)
    if page.status_code != 200 or not fields or f'id="{model._meta.model_name}_form"' not in page.content.decode():
        return
    with staff_client(world) as client:
        as_it_is = client.post(change, _form_data(page, model))
    assert as_it_is.status_code == 302, f"{label}: the form as it is does not save, so a refusal proves nothing"
    problems = []
    for name, related in fields.items():
        theirs = world.their_rows(related).order_by("pk").first()
        if theirs is None:
            continue
        data = _form_data(page, model)
        if "-0-" in name and f"{name.split('-0-')[0]}-0-id" not in data:
            continue  # an inline without a row here
        data[name] = [*data.get(name, []), str(theirs.pk)] if _is_many(model, name) else [str(theirs.pk)]
        with staff_client(world) as client:
            response = client.post(change, data)
        if response.status_code != 200:
            problems.append(f"{name}: 乙's {related._meta.model_name} {theirs.pk} accepted")
        elif THEIRS in visible_text(response)[0]:
            problems.append(f"{name}: the form names 乙's {related._meta.model_name} back")
    assert not problems, "\n".join(problems)


def _is_many(model, name):
    return any(f.name == name.split("-")[-1] and f.many_to_many for f in _all_relations(model))


@pytest.mark.parametrize("label", MODELS)
def test_view_on_site_is_404_for_another_unions_rows(world, label):
    model = model_of(label)
    content_type = ContentType.objects.get_for_model(model)
    for pk in sorted(world.their_ids(model)):
        with staff_client(world) as client:
            assert client.get(f"/admin/r/{content_type.pk}/{pk}/").status_code == 404, pk


def test_view_on_site_still_leads_to_our_own_rows(world):
    member = world.ours.chair.member
    content_type = ContentType.objects.get_for_model(member)
    with staff_client(world) as client:
        response = client.get(f"/admin/r/{content_type.pk}/{member.pk}/")
    assert response.status_code == 302 and response["Location"].endswith(f"/members/{member.pk}/")


@pytest.mark.parametrize("label", MODELS)
def test_autocomplete_returns_nothing_of_another_union(world, label):
    """Every relation of the model, asked for by name (not only the autocomplete fields: the view
    answers for any relation whose target admin has search fields)."""
    model = model_of(label)
    problems = []
    for relation in relations(model):
        query = {"app_label": model._meta.app_label, "model_name": model._meta.model_name,
                 "field_name": relation.name, "term": ""}
        with staff_client(world) as client:
            response = client.get("/admin/autocomplete/", query)
        if response.status_code != 200:
            continue
        ids = {str(r["id"]) for r in response.json()["results"]}
        leaked = ids & world.their_ids(relation.related_model)
        if leaked or THEIRS in response.content.decode("unicode_escape"):
            problems.append(f"{relation.name}: {sorted(leaked)}")
    assert not problems, "\n".join(problems)


def test_the_parent_union_is_kept_and_no_other_offered(world):
    union = world.ours.union
    with staff_client(world) as client:
        page = client.get(url(Union, "change", union.pk)).content.decode()
        options = html.fromstring(page).xpath('//select[@name="parent"]/option/@value')
    assert set(options) - {""} == {str(union.parent_id)}


def test_a_superuser_still_filters_by_every_unions_rows(world, client):
    """So that the filters checked above are the ones that would show 乙's rows."""
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/admin/members/member/").content.decode()
    assert f"{THEIRS}部门" in page and f"{OURS}部门" in page
