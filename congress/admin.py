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
    # Who sent it is never changed afterwards (an anonymous one must not be given a name here), nor
    # the reward's expense, which the suggestion page records with the period lock.
    readonly_fields = ["author", "anonymous", "submitted_on", "reward", "reward_expense", "version"]


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

    def get_readonly_fields(self, request, obj=None):
        # Once voting has begun, an anonymous ballot cannot be turned into a named poll (nor its voters changed).
        if obj is not None and obj.status != Ballot.Status.DRAFT:
            return ["kind", "audience", "department", "congress", "status"]
        return []


class NoticeAttachmentInline(UnionScopedInline):
    """Read only: files are added through the notice page, which checks their type and size."""

    model = NoticeAttachment
    extra = 0
    fields = readonly_fields = ["name", "content_type", "size"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.published_at is None and super().has_delete_permission(request, obj)


@admin.register(Notice)
class NoticeAdmin(UnionScopedAdmin):
    """A published notice is shown, never changed or deleted (Notice.save refuses it too)."""

    list_display = ["title", "category", "publicity_starts_on", "publicity_ends_on", "published_at"]
    list_filter = ["category"]
    search_fields = ["title"]
    readonly_fields = ["published_at", "published_by", "audience_label"]
    inlines = [NoticeAttachmentInline]

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.published_at is None) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.published_at is None) and super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # The list's bulk delete skips has_delete_permission(obj): published notices are left alone there too.
        super().delete_queryset(request, queryset.filter(published_at__isnull=True))


@admin.register(NoticeFeedback)
class NoticeFeedbackAdmin(UnionScopedAdmin):
    list_display = ["notice", "created_at"]
    search_fields = ["text"]
