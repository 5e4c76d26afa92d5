"""No federation user — the `federation` role or the higher-level union's chair — opens a person's record
of a union below it, at any depth: the member's pages, their care, dues and wages, and the roster, search
and export of its own union never list them. (The permission matrix checks every URL for the chair of
union A's higher-level union; this walks a person two levels down.)"""

import pytest
from django.urls import reverse

from federation.models import Kind, Submission
from members.models import Member
from tests.factories import DuesFactory, HardshipRecordFactory, MemberFactory, UserFactory
from tests.federation.conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def federation_users(federation):
    chair = UserFactory(username="root-chair", role="chair")
    MemberFactory(union=federation.root, user=chair, name="区工会主席", position="chair")
    return [federation.federation_user, chair]


def person_urls(federation):
    member = Member.objects.for_union(federation.school_b).order_by("pk").first()
    hardship = HardshipRecordFactory(union=federation.school_b, member=member)
    dues = DuesFactory(member=member)
    return member, [
        reverse(name, args=[member.pk]) for name in (
            "members:detail", "members:edit", "members:transfer-letter", "members:transfer-within",
            "members:account-reset", "members:greet",
        )
    ] + [
        reverse("members:hardship-edit", args=[hardship.pk]),
        reverse("funds:dues-record", args=[dues.pk]),
        reverse("funds:wage-add", args=[YEAR, member.pk]),
    ]


def test_no_federation_user_opens_a_person_below(federation, federation_users, login):
    member, urls = person_urls(federation)
    Submission.objects.create(union=federation.school_b, year=YEAR, kind=Kind.PLAN, title="计划", docx=b"")
    for user in federation_users:
        client = login(user)
        for url in urls:
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code in (403, 404, 405), (user.username, url, method.__name__)
                assert member.name not in response.content.decode()
        for url in ("/members/", f"/members/?q={member.name}", f"/federation/?year={YEAR}",
                    f"/federation/unions/{federation.school_b.pk}/?year={YEAR}"):
            response = client.get(url)
            assert response.status_code in (200, 403), url
            html = response.content.decode().replace(f'value="{member.name}"', "")  # the search box's echo
            assert member.name not in html and f"/members/{member.pk}/" not in html, (user.username, url)
