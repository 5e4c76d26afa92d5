from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.forms import StyledModelForm
from notify.models import WEBHOOK_HOSTS, Platform, Robot

EVENT_FIELDS = list(Robot.EVENT_FIELDS.values())


class RobotForm(StyledModelForm):
    """A robot's settings. The webhook and the secret are write-only: the form never shows them again,
    and leaving them empty when editing keeps the stored ones."""

    webhook_url = forms.CharField(
        label=_("Webhook address"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "url"}),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("DingTalk: the 加签 secret (SEC…). Feishu: the 签名校验 secret. WeCom needs none."),
    )

    class Meta:
        model = Robot
        fields = ["name", "platform", "committee_chat", "webhook_url", "secret", "is_active", *EVENT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_url = self.instance.webhook_url if self.instance.pk else ""
        self.stored_secret = self.instance.secret if self.instance.pk else ""
        self.initial.pop("webhook_url", None)
        self.initial.pop("secret", None)
        if self.stored_url:
            self.fields["webhook_url"].help_text = _("Now %(masked)s. Leave empty to keep it.") % {
                "masked": self.instance.masked_url
            }
        else:
            self.fields["webhook_url"].help_text = _(
                "From the chat's group robot settings, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
            )
        if self.stored_secret:
            self.fields["secret"].help_text = _("A secret is stored. Leave empty to keep it.")

    def clean_webhook_url(self):
        url = self.cleaned_data["webhook_url"].strip()
        if not url:
            if not self.stored_url:
                raise forms.ValidationError(_("Paste the robot's webhook address."))
            return self.stored_url
        return url

    def clean(self):
        data = super().clean()
        url, platform = data.get("webhook_url"), data.get("platform")
        if url and platform and url != self.stored_url:
            problem = webhook_problem(url, platform)
            if problem:
                self.add_error("webhook_url", problem)
        if not data.get("secret"):
            data["secret"] = self.stored_secret
        if platform == Platform.WECOM:
            data["secret"] = ""  # the key in the address is WeCom's only secret
        elif platform and not data.get("secret"):
            self.add_error("secret", _("This platform signs every message: paste the robot's secret."))
        return data


def webhook_problem(url, platform):
    """Why `url` is not a webhook of `platform`, or None: HTTPS on the platform's own host, so that
    a robot cannot be made to post the union's messages (or reach the server's network) elsewhere."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return _("This is not a web address.")
    if parts.scheme not in ("http", "https") or not host or any(c.isspace() or ord(c) < 32 for c in url):
        return _("This is not a web address.")
    if settings.NOTIFY_ANY_WEBHOOK_HOST:
        return None
    if parts.scheme != "https" or host not in WEBHOOK_HOSTS[platform]:
        return _("A %(platform)s webhook starts with https://%(host)s/.") % {
            "platform": Platform(platform).label, "host": WEBHOOK_HOSTS[platform][0]}
    return None

