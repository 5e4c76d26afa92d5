from django.urls import path

from congress import views

app_name = "congress"

# One block per area; each area's views live in congress/<area>_views.py.
urlpatterns = [
    path("", views.index, name="index"),
    # congress sessions, representatives, proposals (提案)
    # proposal exports (提案汇总表, 提案办理情况报告)
    # suggestions and the union mailbox (合理化建议 / 工会信箱)
    # ballots and polls (民主测评 / 问卷 / 投票)
    # notices (校务公开 / 公示)
]
