from django.urls import path

from congress import ballot_views, export_views, notice_views, proposal_views, suggestion_views, views

app_name = "congress"

# One block per area; each area's views live in congress/<area>_views.py.
urlpatterns = [
    path("", views.index, name="index"),
    # congress sessions, representatives, proposals (提案)
    path("sessions/", proposal_views.congress_list, name="congress-list"),
    path("sessions/new/", proposal_views.congress_form, name="congress-create"),
    path("sessions/<int:pk>/", proposal_views.congress_detail, name="congress-detail"),
    path("sessions/<int:pk>/edit/", proposal_views.congress_form, name="congress-edit"),
    path("sessions/<int:congress_pk>/delegations/new/", proposal_views.delegation_form, name="delegation-create"),
    path("delegations/<int:pk>/edit/", proposal_views.delegation_form, name="delegation-edit"),
    path("sessions/<int:congress_pk>/representatives/new/", proposal_views.representative_form,
         name="representative-add"),
    path("representatives/", proposal_views.representative_list, name="representative-list"),
    path("representatives/<int:pk>/edit/", proposal_views.representative_form, name="representative-edit"),
    path("representatives/<int:pk>/remove/", proposal_views.representative_remove, name="representative-remove"),
    path("proposals/", proposal_views.proposal_list, name="proposal-list"),
    path("proposals/mine/", proposal_views.proposal_mine, name="proposal-mine"),
    path("proposals/new/", proposal_views.proposal_form, name="proposal-create"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_form, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", proposal_views.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/cosign/", proposal_views.proposal_cosign, name="proposal-cosign"),
    path("proposals/<int:pk>/register/", proposal_views.proposal_register, name="proposal-register"),
    path("proposals/<int:pk>/merge/", proposal_views.proposal_merge, name="proposal-merge"),
    path("proposals/<int:pk>/decline/", proposal_views.proposal_decline, name="proposal-decline"),
    path("proposals/<int:pk>/assign/", proposal_views.proposal_assign, name="proposal-assign"),
    path("proposals/<int:pk>/reply/", proposal_views.proposal_reply, name="proposal-reply"),
    path("proposals/<int:pk>/rate/", proposal_views.proposal_rate, name="proposal-rate"),
    # proposal exports (提案汇总表, 提案办理情况报告)
    path("sessions/<int:pk>/proposals.xlsx", export_views.register_xlsx, name="proposals-xlsx"),
    path("sessions/<int:pk>/proposal-report.docx", export_views.report_file, {"fmt": "docx"},
         name="proposal-report-docx"),
    path("sessions/<int:pk>/proposal-report.pdf", export_views.report_file, {"fmt": "pdf"},
         name="proposal-report-pdf"),
    # suggestions and the union mailbox (合理化建议 / 工会信箱)
    path("suggestions/", suggestion_views.suggestion_list, name="suggestion-list"),
    path("suggestions/new/", suggestion_views.suggestion_new, name="suggestion-create"),
    path("suggestions/sent/", suggestion_views.suggestion_sent, name="suggestion-sent"),
    path("suggestions/receipt/", suggestion_views.suggestion_receipt, name="suggestion-receipt"),
    path("suggestions/<int:pk>/", suggestion_views.suggestion_detail, name="suggestion-detail"),
    path("suggestions/<int:pk>/answer/", suggestion_views.suggestion_answer, name="suggestion-answer"),
    path("suggestions/<int:pk>/reward/", suggestion_views.suggestion_reward, name="suggestion-reward"),
    # ballots and polls (民主测评 / 问卷 / 投票)
    path("ballots/", ballot_views.ballot_list, name="ballot-list"),
    path("ballots/new/", ballot_views.ballot_form, name="ballot-create"),
    path("ballots/<int:pk>/", ballot_views.ballot_detail, name="ballot-detail"),
    path("ballots/<int:pk>/edit/", ballot_views.ballot_form, name="ballot-edit"),
    path("ballots/<int:pk>/questions/", ballot_views.question_add, name="ballot-question-add"),
    path("ballots/<int:pk>/questions/<int:question_pk>/delete/", ballot_views.question_delete,
         name="ballot-question-delete"),
    path("ballots/<int:pk>/open/", ballot_views.ballot_open, name="ballot-open"),
    path("ballots/<int:pk>/close/", ballot_views.ballot_close, name="ballot-close"),
    path("ballots/<int:pk>/vote/", ballot_views.ballot_vote, name="ballot-vote"),
    path("ballots/<int:pk>/results/", ballot_views.ballot_results, name="ballot-results"),
    path("ballots/<int:pk>/results.xlsx", ballot_views.ballot_results_xlsx, name="ballot-results-xlsx"),
    # notices (校务公开 / 公示)
    path("notices/", notice_views.notice_list, name="notice-list"),
    path("notices/new/", notice_views.notice_form, name="notice-create"),
    path("notices/<int:pk>/", notice_views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/edit/", notice_views.notice_form, name="notice-edit"),
    path("notices/<int:pk>/delete/", notice_views.notice_delete, name="notice-delete"),
    path("notices/<int:pk>/publish/", notice_views.notice_publish, name="notice-publish"),
    path("notices/<int:pk>/correct/", notice_views.notice_correct, name="notice-correct"),
    path("notices/<int:pk>/attachments/", notice_views.attachment_add, name="notice-attachment-add"),
    path("notices/<int:pk>/feedback/", notice_views.notice_feedback, name="notice-feedback"),
    path("notices/files/<int:pk>/", notice_views.attachment_file, name="notice-attachment"),
    path("notices/files/<int:pk>/remove/", notice_views.attachment_remove, name="notice-attachment-remove"),
]
