"""factory-boy factories for every model; each app's factories live here, in dependency order."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from members.models import Department, Member, Union, UnionGroup


class UnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"第{n + 1}工会")
    kind = Union.Kind.ENTERPRISE


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"部门{n + 1}")


class UnionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnionGroup

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"工会小组{n + 1}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests-1")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    union = factory.SubFactory(UnionFactory)
    name = factory.Sequence(lambda n: f"会员{n + 1}")
    gender = Member.Gender.FEMALE
    employee_number = factory.Sequence(lambda n: f"E{n + 1:05d}")
    status = Member.Status.ACTIVE
