"""/notifications/: the union's group robots, what each posts, its recent messages and failures."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import history
from members.access import get_for_union, require_perm, union_required
from members.models import HistoryEntry
from members.versioning import StaleEdit
from notify.delivery import send_test as deliver_test
from notify.forms import EVENT_FIELDS, RobotForm
from notify.models import OutboxMessage, Robot

RECENT = 30  # messages on a robot's page
# What a robot's history shows: never the webhook or the secret, not even encrypted.
RECORDED_FIELDS = ["name", "platform", "committee_chat", "is_active", *EVENT_FIELDS]


@union_required
def index(request):
    require_perm(request, "notify.view_robot")
    robots = Robot.objects.for_union(request.union).annotate(
        waiting=Count("messages", filter=Q(messages__status=OutboxMessage.Status.PENDING)),
        failing=Count("messages", filter=Q(messages__status=OutboxMessage.Status.FAILED)
                      | Q(messages__status=OutboxMessage.Status.PENDING, messages__attempts__gt=0)),
    )
    return render(request, "notify/index.html", {"robots": robots})


@union_required
def robot(request, pk):
    robot = get_for_union(request, Robot, "notify.view_robot", pk=pk)
    recent = robot.messages.defer("text")[:RECENT]
    return render(request, "notify/robot.html", {
        "robot": robot,
        "recent": recent,
        "history": HistoryEntry.objects.for_union(request.union).for_object(robot)[:10],
    })


@union_required
def robot_form(request, pk=None):
    if pk is None:
        require_perm(request, "notify.add_robot")
        robot = Robot(union=request.union)
    else:
        robot = get_for_union(request, Robot, "notify.change_robot", pk=pk)
    form = RobotForm(request.POST or None, instance=robot)
    seen_version = request.POST.get("version", robot.version)
    if request.method == "POST" and form.is_valid():
        robot = form.save(commit=False)
        note = secrets_note(form) if pk else ""
        try:
            history.save_recorded(robot, request.user, seen_version, note=note, fields=RECORDED_FIELDS)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, _("The robot “%(name)s” was saved.") % {"name": robot.name})
            return redirect("notify:robot", pk=robot.pk)
    return render(request, "notify/robot_form.html", {
        "form": form,
        "robot": robot if pk else None,
        "version": seen_version if pk else None,
        "title": _("Edit robot") if pk else _("Connect a group robot"),
    })


def secrets_note(form):
    """The history says that the webhook or the secret changed, never what they are."""
    changed = [
        str(form.fields[name].label)
        for name, stored in (("webhook_url", form.stored_url), ("secret", form.stored_secret))
        if form.cleaned_data[name] != stored
    ]
    return _("Changed: %(fields)s") % {"fields": "、".join(changed)} if changed else ""


@union_required
@require_POST
def delete(request, pk):
    robot = get_for_union(request, Robot, "notify.delete_robot", pk=pk)
    # The history keeps the deleted row's values: the webhook's masked form, never the key or the secret.
    robot.webhook_url, robot.secret = robot.masked_url, "****" if robot.secret else ""
    history.delete_recorded(robot, request.user)
    messages.success(request, _("The robot “%(name)s” was removed.") % {"name": robot.name})
    return redirect("notify:index")


@union_required
@require_POST
def send_test(request, pk):
    """Send a test message at once and show what the platform answered."""
    robot = get_for_union(request, Robot, "notify.change_robot", pk=pk)
    by = request.member.name if getattr(request, "member", None) else request.user.get_username()
    message = deliver_test(robot, by_name=by)
    if message is None:
        messages.error(request, _("This robot has sent as many messages as its platform allows in a minute. "
                                  "Try again in a minute."))
    elif message.status == OutboxMessage.Status.SENT:
        messages.success(request, _("The test message was sent. The platform answered: %(answer)s")
                         % {"answer": message.last_error})
    else:
        messages.error(request, _("The test message was not accepted. The platform answered: %(answer)s")
                       % {"answer": message.last_error})
    return redirect(reverse("notify:robot", args=[robot.pk]))
