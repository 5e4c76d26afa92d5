"""The plan document's rows, built in Python.

A 300-row plan through plans/_item.html (a dozen lookups, filters and translations per row, and a
progress form per item for the committee) took most of the page's time; this writes the same HTML.
plans/_item.html stays the template of one row (the progress form's htmx answer renders it).
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from plans.models import PlanItem

register = template.Library()

PK_SLOT = 987654321


@register.simple_tag(takes_context=True)
def plan_rows(context, outline, plan, printable, can_track):
    """Every row of `outline` as plans/_item.html would render it."""
    text = {
        key: e(gettext(msgid))  # translated once, not once a row
        for key, msgid in [
            ("owner", "Owner"), ("due", "Due"), ("overdue", "Overdue"), ("progress", "Progress"),
            ("dropped", "Why it was dropped"), ("came", "What came of it"), ("update", "Update progress"),
            ("status", "Status"), ("note", "Progress note"), ("outcome", "Outcome (or why it was dropped)"),
            ("save", "Save progress"),
        ]
    }
    form = None
    if can_track:
        csrf = context.get("csrf_token")
        form = {
            "url": reverse("plans:item-progress", args=[plan.year, PK_SLOT]),
            "csrf": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf) if csrf else "",
            "choices": context.get("status_choices") or [],
        }
    text["due_month"] = gettext("Due by the end of month %(month)s")
    text["status_labels"] = {value: e(label) for value, label in PlanItem.Status.choices}
    bar = get_template("plans/_progress_bar.html")
    return mark_safe("\n".join(_row(entry, printable, form, text, bar) for entry in outline.entries))  # noqa: S308


def _row(entry, printable, form, text, bar):
    # Plain f-strings with every value escaped (format_html per cell is a third of the time).
    item = entry.item
    classes = f"plan-row lvl-{item.level}"
    if entry.is_work:
        classes += f" plan-work status-{e(item.status)}"
    if entry.overdue:
        classes += " is-overdue"
    if not entry.is_work:
        html = f'<h2 class="plan-heading">{e(entry.number)}{e(item.title)}</h2>'
        progress = entry.progress
        if not printable and not entry.parent and progress and progress.total:
            html += (
                f'<div class="plan-heading-bar d-print-none">{bar.render({"progress": progress})}'
                f'<span class="small text-body-secondary">{progress.done}/{progress.counted}</span></div>'
            )
        if item.body:
            html += f'<div class="plan-body">{linebreaks_filter(item.body)}</div>'
        return mark_safe(f'<section class="{classes}" id="item-{item.pk}">{html}</section>')  # noqa: S308
    title = ""
    if item.title:
        title = f'<strong class="plan-item-title">{e(item.title)}</strong>{"。" if item.body else ""}'
    body = f'<span class="plan-body-inline">{br(item.body)}</span>' if item.body else ""
    html = f'<div class="plan-item-text"><span class="plan-number">{e(entry.number)}</span>{title}{body}</div>'
    meta = ""
    if item.owner_id:
        meta += f'<span class="plan-owner">{text["owner"]}：{e(item.owner.name)}</span>'
    if item.due_date:
        meta += f'<span class="plan-due">{text["due"]}：{item.due_date.month}月{item.due_date.day}日</span>'
    elif item.due_month:
        due = text["due_month"] % {"month": item.due_month}
        meta += f'<span class="plan-due">{e(due)}</span>'
    if not printable:
        label = text["status_labels"].get(item.status, "")
        meta += f'<span class="badge item-status item-status-{e(item.status)}">{label}</span>'
        if entry.overdue:
            meta += f'<span class="badge text-bg-danger">{text["overdue"]}</span>'
    html += f'<div class="plan-meta small">{meta}</div>'
    if not printable:
        if item.progress_note:
            html += (
                f'<div class="plan-note small"><span class="text-body-secondary">{text["progress"]}：</span>'
                f"{br(item.progress_note)}</div>"
            )
        if item.outcome:
            label = text["dropped"] if item.status == "dropped" else text["came"]
            html += (
                f'<div class="plan-note small"><span class="text-body-secondary">{label}：</span>'
                f"{br(item.outcome)}</div>"
            )
    if form:
        html += _progress_form(item, form, text)
    return mark_safe(f'<section class="{classes}" id="item-{item.pk}">{html}</section>')  # noqa: S308


def _progress_form(item, form, text):
    url = form["url"].replace(str(PK_SLOT), str(item.pk))
    options = "".join(
        f'<option value="{e(value)}"{" selected" if value == item.status else ""}>{e(label)}</option>'
        for value, label in form["choices"]
    )
    pk = item.pk
    return (
        f'<details class="plan-progress-form d-print-none"><summary class="small">{text["update"]}</summary>'
        f'<form method="post" action="{url}" class="mt-2" hx-post="{url}" hx-target="#item-{pk}" hx-swap="outerHTML">'
        f'{form["csrf"]}<input type="hidden" name="version" value="{item.version}"><div class="row g-2">'
        f'<div class="col-sm-4"><label class="form-label small mb-0" for="status-{pk}">{text["status"]}</label>'
        f'<select class="form-select form-select-sm" name="status" id="status-{pk}">{options}</select></div>'
        f'<div class="col-sm-8"><label class="form-label small mb-0" for="note-{pk}">{text["note"]}</label>'
        f'<textarea class="form-control form-control-sm" rows="1" name="progress_note" id="note-{pk}">'
        f"{e(item.progress_note)}</textarea></div>"
        f'<div class="col-12"><label class="form-label small mb-0" for="outcome-{pk}">{text["outcome"]}</label>'
        f'<textarea class="form-control form-control-sm" rows="1" name="outcome" id="outcome-{pk}">{e(item.outcome)}'
        "</textarea></div></div>"
        f'<button type="submit" class="btn btn-primary btn-sm mt-2">{text["save"]}</button></form></details>'
    )


def br(text):
    """As the linebreaksbr filter: escaped, each line break a <br>."""
    return e(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def e(value):
    """Escape for HTML text and attributes, as the template engine does."""
    return escape(str(value))
