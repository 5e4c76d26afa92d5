"""The admin of democratic management, scoped to the staff user's union like every other admin.

Ballot papers and who voted are not registered: nobody, administrators included, may browse them.
"""

from django.contrib import admin

from congress.models import (
    Ballot,
    Choice,
    Congress,
    Cosignature,
    Delegation,
    Notice,
    NoticeAttachment,
    NoticeFeedback,
    Proposal,
    ProposalReply,
    Question,
    Representative,
    Suggestion,
)
from members.admin import UnionScopedAdmin, UnionScopedInline


class DelegationInline(UnionScopedInline):
    model = Delegation
    extra = 0


@admin.register(Congress)
class CongressAdmin(UnionScopedAdmin):
    list_display = ["__str__", "starts_on", "place", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["place"]
    inlines = [DelegationInline]


@admin.register(Representative)
class RepresentativeAdmin(UnionScopedAdmin):
    list_display = ["member", "congress", "delegation", "is_leader", "term_starts_on", "term_ends_on"]
    list_filter = ["congress"]
    search_fields = ["member__name", "member__name_pinyin"]


class CosignatureInline(UnionScopedInline):
    model = Cosignature
    extra = 0


class ProposalReplyInline(UnionScopedInline):
    model = ProposalReply
    extra = 0


@admin.register(Proposal)
class ProposalAdmin(UnionScopedAdmin):
    list_display = ["number", "title", "congress", "proposer", "status", "handler", "reply_due_on"]
    list_filter = ["status", "congress"]
    search_fields = ["title", "handler"]
    inlines = [CosignatureInline, ProposalReplyInline]


@admin.register(Suggestion)
class SuggestionAdmin(UnionScopedAdmin):
    list_display = ["title", "kind", "submitted_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


class ChoiceInline(UnionScopedInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(UnionScopedAdmin):
    list_display = ["text", "ballot", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["text"]
    inlines = [ChoiceInline]


@admin.register(Ballot)
class BallotAdmin(UnionScopedAdmin):
    list_display = ["title", "kind", "audience", "status", "closes_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


class NoticeAttachmentInline(UnionScopedInline):
    model = NoticeAttachment
    extra = 0


@admin.register(Notice)
class NoticeAdmin(UnionScopedAdmin):
    list_display = ["title", "category", "publicity_starts_on", "publicity_ends_on", "published_at"]
    list_filter = ["category"]
    search_fields = ["title"]
    inlines = [NoticeAttachmentInline]


@admin.register(NoticeFeedback)
class NoticeFeedbackAdmin(UnionScopedAdmin):
    list_display = ["notice", "created_at"]
    search_fields = ["text"]
