"""Members' logins: the committee's overview, bulk creation from the roster, the one-time credentials
sheet, resets and disabling; the member's own password change and (with email) password reset."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from members import accounts
from members.access import get_for_union, local_url, require_perm, union_required
from members.forms import (
    CreateLoginsForm,
    FirstPasswordForm,
    LoginHelpForm,
    MemberPasswordResetForm,
    MemberSetPasswordForm,
    StyledPasswordChangeForm,
)
from members.middleware import forget_after
from members.models import Member, name_order
from members.roster_import import XLSX_CONTENT_TYPE
from members.views import ROSTER_PAGE_SIZE, RosterPaginator

PERM = "members.manage_login"

# The initial passwords stay in the session only for the sheet: until "Done", or this long.
SHEET_KEY = "members.credentials_sheet"
SHEET_LIFETIME = timedelta(hours=1)

LOGIN_STATES = {
    "active": Q(user__is_active=True, must_change_password=False),
    "pending": Q(user__is_active=True, must_change_password=True),
    "disabled": Q(user__is_active=False),
}


def _next_or(request, fallback):
    return local_url(request, request.POST.get("next", "")) or fallback


# -- the committee's overview ------------------------------------------------------------------------


@union_required
def overview(request):
    require_perm(request, PERM)
    return _overview(request, LoginHelpForm(instance=request.union))


def _overview(request, login_help, status=200):
    union_members = Member.objects.for_union(request.union)
    counts = union_members.current().aggregate(
        current=Count("id"),
        with_login=Count("id", filter=Q(user__isnull=False)),
        pending=Count("id", filter=Q(user__is_active=True, must_change_password=True)),
        disabled=Count("id", filter=Q(user__is_active=False)),
        no_number=Count("id", filter=Q(user__isnull=True, employee_number="")),
        no_phone=Count("id", filter=Q(user__isnull=True, phone="")),
    )
    counts["without_login"] = counts["current"] - counts["with_login"]
    state = request.GET.get("state", "")
    logins = union_members.filter(user__isnull=False).search(request.GET.get("q", ""))
    if state in LOGIN_STATES:
        logins = logins.filter(LOGIN_STATES[state])
    logins = logins.select_related("user", "department").order_by(*name_order())
    page = RosterPaginator(logins, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/accounts_overview.html",
        {
            "counts": counts,
            "page": page,
            "state": state,
            "q": request.GET.get("q", ""),
            "form": CreateLoginsForm(union=request.union, initial={"scope": CreateLoginsForm.EVERYONE}),
            "sheet_waiting": _sheet(request) is not None,
            "login_help": login_help,
        },
        status=status,
    )


@require_POST
@union_required
def login_help(request):
    """What the login page tells members who cannot log in (members.accounts.login_help)."""
    require_perm(request, PERM)
    form = LoginHelpForm(request.POST, instance=request.union)
    if not form.is_valid():
        return _overview(request, form, status=400)
    form.save()
    messages.success(request, _("The help on the login page is saved."))
    return redirect("members:accounts")


@require_POST
@union_required
def create(request):
    """Create the logins (ticked members, or everyone without one), then show the sheet once."""
    require_perm(request, PERM)
    form = CreateLoginsForm(request.POST, union=request.union)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_next_or(request, "members:accounts"))
    if form.cleaned_data["scope"] == CreateLoginsForm.EVERYONE:
        chosen = accounts.without_login(request.union)
    else:
        chosen = form.cleaned_data["member"]
    try:
        batch = accounts.create_logins(
            request.union, chosen, source=form.cleaned_data["source"], actor=request.user
        )
    except accounts.LoginRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(_next_or(request, "members:accounts"))
    if not batch.created and not batch.skipped:
        messages.info(request, _("Every one of them already has a login."))
        return redirect(_next_or(request, "members:accounts"))
    sent = accounts.send_welcome(request.union, batch.members, request.build_absolute_uri("/"))
    _keep_sheet(request, batch)
    messages.success(
        request,
        _("%(count)s logins created. Print or download the initial passwords now: they are shown only here.")
        % {"count": len(batch.created)},
    )
    if sent:
        messages.info(request, _("%(count)s welcome emails sent.") % {"count": sent})
    return redirect("members:accounts-sheet")


# -- the one-time credentials sheet ----------------------------------------------------------------


def _keep_sheet(request, batch):
    request.session[SHEET_KEY] = {
        "union": request.union.pk,
        "at": timezone.now().isoformat(),
        **batch.as_session(),
    }
    forget_after(request.session, SHEET_KEY, SHEET_LIFETIME)  # even if the sheet is never opened again


def _sheet(request):
    """The waiting sheet of this union, or None (and dropped) when it is too old."""
    data = request.session.get(SHEET_KEY)
    if not data:
        return None
    at = parse_datetime(data.get("at", ""))
    if data.get("union") != request.union.pk or at is None or timezone.now() - at > SHEET_LIFETIME:
        del request.session[SHEET_KEY]
        return None
    return accounts.LoginBatch.from_session(data)


def _no_sheet(request):
    messages.info(
        request,
        _("The initial passwords are no longer shown. Reset a member's password to give them a new one."),
    )
    return redirect("members:accounts")


@never_cache
@union_required
def sheet(request):
    require_perm(request, PERM)
    batch = _sheet(request)
    if batch is None:
        return _no_sheet(request)
    context = {"batch": batch, "printed_at": timezone.now(), "login_url": request.build_absolute_uri(reverse("login"))}
    return render(request, "members/accounts_sheet.html", context)


@never_cache
@union_required
def sheet_xlsx(request):
    require_perm(request, PERM)
    batch = _sheet(request)
    if batch is None:
        return _no_sheet(request)
    response = HttpResponse(accounts.credentials_workbook(request.union, batch.created), content_type=XLSX_CONTENT_TYPE)
    filename = f"{request.union.name}-初始密码-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_POST
@union_required
def sheet_done(request):
    require_perm(request, PERM)
    request.session.pop(SHEET_KEY, None)
    messages.success(request, _("The initial passwords have been forgotten."))
    return redirect("members:accounts")


# -- one member's login ------------------------------------------------------------------------------


def _member_with_login(request, pk):
    return get_for_union(request, Member.objects.select_related("user", "department"), PERM, pk=pk)


@require_POST
@union_required
def reset(request, pk):
    member = _member_with_login(request, pk)
    try:
        credential = accounts.reset_password(member, request.user)
    except accounts.LoginRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(member)
    _keep_sheet(request, accounts.LoginBatch(created=[credential], skipped=[]))
    messages.success(
        request, _("New initial password for %(name)s. It is shown only here.") % {"name": member.name}
    )
    return redirect("members:accounts-sheet")


@require_POST
@union_required
def disable(request, pk):
    member = _member_with_login(request, pk)
    try:
        accounts.disable_login(member, request.user)
    except accounts.LoginRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The login of %(name)s is disabled.") % {"name": member.name})
    return redirect(_next_or(request, member.get_absolute_url()))


@require_POST
@union_required
def enable(request, pk):
    member = _member_with_login(request, pk)
    try:
        accounts.enable_login(member, request.user)
    except accounts.LoginRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The login of %(name)s works again.") % {"name": member.name})
    return redirect(_next_or(request, member.get_absolute_url()))


# -- the member's own password -----------------------------------------------------------------------


class Login(auth_views.LoginView):
    """/accounts/login/ with the help a member needs when it fails: their kind of username and whom
    to ask for a password (one small query; nothing else about the union or its people)."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "login_help": accounts.login_help()}



class PasswordChange(auth_views.PasswordChangeView):
    """/accounts/password_change/: after an initial password, a new one without the old one again."""

    def first_login(self):
        member = self.request.member
        return member is not None and member.must_change_password

    def get_form_class(self):
        return FirstPasswordForm if self.first_login() else StyledPasswordChangeForm

    def get_template_names(self):
        if self.first_login():
            return ["members/accounts_first_password.html"]
        return ["registration/password_change_form.html"]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": self._next()}

    def _next(self):
        return local_url(self.request, self.request.POST.get("next") or self.request.GET.get("next"))

    def form_valid(self, form):
        first = self.first_login()
        response = super().form_valid(form)
        accounts.password_changed(self.request.member)
        if first:
            messages.success(self.request, _("Your password is set. Welcome!"))
            return redirect(self._next() or "dashboard")
        return response


@method_decorator(login_not_required, name="dispatch")
class EmailOnly:
    """Password reset by email exists only where the union has email (settings.EMAIL_ENABLED)."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.EMAIL_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PasswordReset(EmailOnly, auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "members/accounts_password_reset.html"
    email_template_name = "members/accounts_password_reset_email.txt"
    subject_template_name = "members/accounts_password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDone(EmailOnly, auth_views.PasswordResetDoneView):
    template_name = "members/accounts_password_reset_done.html"


class PasswordResetConfirm(EmailOnly, auth_views.PasswordResetConfirmView):
    form_class = MemberSetPasswordForm
    template_name = "members/accounts_password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(Member.objects.filter(user=form.user).first())
        return response


class PasswordResetComplete(EmailOnly, auth_views.PasswordResetCompleteView):
    template_name = "members/accounts_password_reset_complete.html"
