"""Template helpers for member pages: sortable column links and optional includes."""

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_url(context, key):
    """The roster's query string sorted by `key`; a second click on the same column reverses it."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("o", "")
    params["o"] = f"-{key}" if current == key else key
    params.pop("page", None)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def sort_mark(context, key):
    current = context["request"].GET.get("o", "")
    return "▲" if current == key else "▼" if current == f"-{key}" else ""


@register.simple_tag(takes_context=True)
def include_optional(context, name):
    """Render template `name` with the current context if some app ships it, else nothing.

    This is how apps to the left of `members` (funds, activities) add to member pages without
    `members` importing them: e.g. funds ships templates/funds/_care_visit_actions.html.
    """
    try:
        partial = get_template(name)
    except TemplateDoesNotExist:
        return ""
    return partial.render(context.flatten(), context.get("request"))


@register.filter
def age_today(member, today):
    return member.age_on(today)


@register.filter
def is_change(value):
    """A history value is either [old, new] (a change) or a plain value (a creation's snapshot)."""
    return isinstance(value, list | tuple) and len(value) == 2


@register.simple_tag
def roster_rows(members, logins, private):
    """The roster table's rows, built in Python: 50 rows through the template engine (a dozen
    lookups, filters and an include each) cost more than everything else on the page.

    `logins`: the user may manage logins (tick box and login column); `private`: birth date and phone.
    """
    from django.urls import reverse
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    detail = reverse("members:detail", args=[0])[:-2]  # "/members/" + id + "/"
    lunar = format_html(' <span class="badge text-bg-warning-subtle text-warning-emphasis">{}</span>', gettext("lunar"))
    rows = []
    for m in members:
        cells = []
        if logins:
            if not m.user_id and m.status != "left":
                pick = format_html(
                    '<input class="form-check-input" type="checkbox" name="member" value="{}" aria-label="{}">',
                    m.pk, m.name,
                )
            elif m.user_id:
                active = m.user.is_active
                pick = format_html(
                    '<span class="login-tick{}" title="{}">✓</span>', "" if active else " off",
                    gettext("Has a login") if active else gettext("Login disabled"),
                )
            else:
                pick = ""
            cells.append(format_html('<td class="pick">{}</td>', pick))
        position = format_html(' <span class="badge text-bg-light">{}</span>', m.get_position_display()) if (
            m.position) else ""
        cells.append(format_html('<td><a href="{}{}/">{}</a>{}</td>', detail, m.pk, m.name, position))
        cells.append(format_html('<td class="d-none d-sm-table-cell">{}</td>', m.employee_number))
        cells.append(format_html("<td>{}</td>", m.department or ""))
        cells.append(format_html('<td class="d-none d-md-table-cell">{}</td>', m.group or ""))
        cells.append(format_html('<td class="d-none d-md-table-cell">{}</td>', m.get_gender_display()))
        if private:
            cells.append(format_html(
                '<td class="d-none d-lg-table-cell">{}{}</td>',
                m.birth_date.strftime("%Y-%m-%d") if m.birth_date else "", lunar if m.lunar_birthday else "",
            ))
            cells.append(format_html('<td class="d-none d-lg-table-cell">{}</td>', m.phone))
        cells.append(format_html(
            '<td class="d-none d-lg-table-cell">{}</td>', m.joined_on.strftime("%Y-%m-%d") if m.joined_on else ""
        ))
        cells.append(format_html('<td><span class="status status-{}">{}</span></td>', m.status,
                                 m.get_status_display()))
        if logins:
            cells.append(format_html('<td class="d-none d-sm-table-cell">{}</td>', _login_mark(m.user)))
        rows.append(format_html("<tr>{}</tr>", mark_safe("".join(cells))))  # noqa: S308 (built by format_html)
    return format_html_join("\n", "{}", ((row,) for row in rows))


def _login_mark(login):
    """As members/_login_mark.html: a login's state in a table cell."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    if not login:
        return mark_safe('<span class="text-body-secondary">—</span>')
    if not login.is_active:
        return format_html('<span class="login-mark login-disabled">{}</span>', gettext("disabled"))
    return format_html('<span class="login-mark login-active" title="{}">✓ {}</span>', login.username, login.username)
