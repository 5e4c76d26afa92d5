"""The people of the proposal tests: a teachers' congress, a delegation for the 语文组, three
representatives who write and co-sign, a proposal committee member, and an ordinary member."""

from dataclasses import dataclass

from django.test import Client

from congress.models import Proposal
from tests.factories import (
    CongressFactory,
    DelegationFactory,
    DepartmentFactory,
    MemberFactory,
    ProposalFactory,
    RepresentativeFactory,
    UserFactory,
)


@dataclass
class Cast:
    union: object
    congress: object
    department: object
    reps: dict  # name -> Representative
    users: dict  # name -> User

    def client(self, name):
        client = Client()
        client.force_login(self.users[name])
        return client


def _person(union, username, name, role="member", **fields):
    user = UserFactory(username=username, role=role)
    member = MemberFactory(union=union, user=user, name=name, **fields)
    return user, member


def build_cast(union):
    department = DepartmentFactory(union=union, name="语文组")
    congress = CongressFactory(union=union, term=9, session=6, cosigners_required=2)
    delegation = DelegationFactory(congress=congress, name="语文代表团")
    delegation.departments.set([department])
    users, reps = {}, {}
    for username, name in [("proposer", "王芳"), ("signer1", "李明"), ("signer2", "张伟")]:
        users[username], member = _person(union, username, name, department=department)
        reps[username] = RepresentativeFactory(congress=congress, member=member, delegation=delegation,
                                               is_leader=username == "signer1")
    users["reviewer"], reviewer = _person(union, "pc", "赵审核")  # an ordinary member on the proposal committee
    congress.proposal_committee.set([reviewer])
    users["member"], _ = _person(union, "plain", "刘会员", department=department)
    users["chair"], _ = _person(union, "chair1", "王主席", role="chair", position="chair")
    return Cast(union, congress, department, reps, users)


def submitted(cast, signers=()):
    proposal = ProposalFactory(proposer=cast.reps["proposer"], status=Proposal.Status.SUBMITTED)
    for name in signers:
        proposal.cosignatures.create(union=cast.union, representative=cast.reps[name])
    return proposal
