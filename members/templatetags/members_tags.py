"""Template helpers for member pages: sortable column links and optional includes."""

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from members import dates
from members.models import Member

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
def birth_date_text(person):
    """`{{ member|birth_date_text }}`: "1986-03-12", or "1986年3月" for a birth date known only to the
    month; "" without one. Takes a Member or anything with `birth_date` (and `birth_month_only`), such
    as a birthday list's Celebrant."""
    return dates.birth_date_text(getattr(person, "birth_date", None), getattr(person, "birth_month_only", False))


@register.filter
def is_change(value):
    """A history value is either [old, new] (a change) or a plain value (a creation's snapshot)."""
    return isinstance(value, list | tuple) and len(value) == 2


@register.simple_tag
def roster_rows(members, logins, private):
    """The roster table's rows, built in Python: 50 rows through the template engine (a dozen
    lookups, filters and an include each) cost more than everything else on the page.

    `logins`: the user may manage logins (tick box and login column); `private`: birth date and phone.
    Namesakes are told apart by the employee number and department columns (Member.label in the tick
    box's label).
    Plain f-strings with every value escaped (format_html per cell was most of what remained).
    """
    from django.urls import reverse
    from django.utils.html import escape as e
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    detail = reverse("members:detail", args=[0])[:-2]  # "/members/" + id + "/"
    lunar = f' <span class="badge text-bg-warning-subtle text-warning-emphasis">{e(gettext("lunar"))}</span>'
    has_login, disabled = e(gettext("Has a login")), e(gettext("Login disabled"))
    genders = {value: e(label) for value, label in Member.Gender.choices}
    statuses = {value: e(label) for value, label in Member.Status.choices}
    positions = {value: e(label) for value, label in Member.Position.choices}
    rows = []
    for m in members:
        cells = ""
        if logins:
            pick = ""
            if not m.user_id and m.status != "left":
                pick = (f'<input class="form-check-input" type="checkbox" name="member" value="{m.pk}" '
                        f'aria-label="{e(m.label)}">')
            elif m.user_id:
                active = m.user.is_active
                pick = (f'<span class="login-tick{"" if active else " off"}" '
                        f'title="{has_login if active else disabled}">✓</span>')
            cells += f'<td class="pick">{pick}</td>'
        position = f' <span class="badge text-bg-light">{positions.get(m.position, "")}</span>' if m.position else ""
        # A namesake's employee number beside the name where its column is hidden (the department shows).
        number = (f' <span class="namesake-number d-sm-none small text-body-secondary">{e(m.employee_number)}</span>'
                  if getattr(m, "shares_name", False) and m.employee_number else "")
        cells += f'<td><a href="{detail}{m.pk}/">{e(m.name)}</a>{number}{position}</td>'
        cells += f'<td class="d-none d-sm-table-cell">{e(m.employee_number)}</td>'
        cells += f"<td>{e(m.department or '')}</td>"
        cells += f'<td class="d-none d-md-table-cell">{e(m.group or "")}</td>'
        cells += f'<td class="d-none d-md-table-cell">{genders.get(m.gender, "")}</td>'
        if private:
            born = e(m.birth_date_text)  # "1986年3月" when only the month is known
            cells += f'<td class="d-none d-lg-table-cell">{born}{lunar if m.lunar_birthday else ""}</td>'
            cells += f'<td class="d-none d-lg-table-cell">{e(m.phone)}</td>'
        joined = m.joined_on.strftime("%Y-%m-%d") if m.joined_on else ""
        cells += f'<td class="d-none d-lg-table-cell">{joined}</td>'
        cells += f'<td><span class="status status-{e(m.status)}">{statuses.get(m.status, "")}</span></td>'
        if logins:
            cells += f'<td class="d-none d-sm-table-cell">{_login_mark(m.user)}</td>'
        rows.append(f"<tr>{cells}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 (every value escaped above)


def _login_mark(login):
    """As members/_login_mark.html: a login's state in a table cell."""
    from django.utils.html import escape as e
    from django.utils.translation import gettext

    if not login:
        return '<span class="text-body-secondary">—</span>'
    if not login.is_active:
        return f'<span class="login-mark login-disabled">{e(gettext("disabled"))}</span>'
    return f'<span class="login-mark login-active" title="{e(login.username)}">✓ {e(login.username)}</span>'
