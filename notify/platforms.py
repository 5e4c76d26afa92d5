"""What each platform expects: its markdown, its request body, its signature, its answer.

- 企业微信 (WeCom): the key is in the webhook's URL; {"msgtype": "markdown", "markdown": {"content"}}.
- 钉钉 (DingTalk) with 加签: timestamp (ms) and sign = urlencode(base64(HMAC-SHA256(key=secret,
  msg="timestamp\\nsecret"))) as query parameters; {"msgtype": "markdown", "markdown": {"title", "text"}}.
- 飞书 (Feishu) with 签名校验: timestamp (s) and sign = base64(HMAC-SHA256(key="timestamp\\nsecret",
  msg="")) in the body; a rich-text post {"msg_type": "post", "content": {"post": {"zh_cn": …}}}.

An answer is success when the HTTP status is 200 and errcode (WeCom, DingTalk) or code / StatusCode
(Feishu) is 0.
"""

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import quote_plus

from notify.models import Platform


def markdown(platform, title, lines, link, link_text):
    """The message's text in the platform's markdown (Feishu: plain lines; its link is a tag)."""
    if platform == Platform.FEISHU:
        return "\n".join(lines)
    heading = f"**{title}**" if platform == Platform.WECOM else f"#### {title}"
    parts = [heading, *lines]
    if link:
        parts.append(f"[{link_text}]({link})")
    # DingTalk's markdown needs a blank line (two newlines) to break a line.
    return ("\n\n" if platform == Platform.DINGTALK else "\n").join(parts)


def dingtalk_sign(secret, timestamp_ms):
    string_to_sign = f"{timestamp_ms}\n{secret}"
    digest = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret, timestamp_s):
    string_to_sign = f"{timestamp_s}\n{secret}"
    digest = hmac.new(string_to_sign.encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass
class Request:
    url: str
    body: dict

    def data(self):
        return json.dumps(self.body, ensure_ascii=False).encode()


def request_for(robot, message, now=None):
    """The signed POST that delivers `message` through `robot`."""
    now = time.time() if now is None else now
    url = robot.webhook_url
    if robot.platform == Platform.WECOM:
        return Request(url, {"msgtype": "markdown", "markdown": {"content": message.text}})
    if robot.platform == Platform.DINGTALK:
        if robot.secret:
            timestamp = int(now * 1000)
            sign = quote_plus(dingtalk_sign(robot.secret, timestamp))
            url = f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"
        return Request(url, {"msgtype": "markdown", "markdown": {"title": message.title, "text": message.text}})
    paragraphs = [[{"tag": "text", "text": line}] for line in message.text.splitlines() if line]
    if message.link:
        paragraphs.append([{"tag": "a", "text": message.link_text, "href": message.link}])
    body = {"msg_type": "post", "content": {"post": {"zh_cn": {"title": message.title, "content": paragraphs}}}}
    if robot.secret:
        timestamp = int(now)
        body = {"timestamp": str(timestamp), "sign": feishu_sign(robot.secret, timestamp), **body}
    return Request(url, body)


def answer_ok(status, text):
    """Whether the platform took the message: HTTP 200 and an error code of 0."""
    if status != 200:
        return False
    try:
        answer = json.loads(text)
    except ValueError:
        return False
    if not isinstance(answer, dict):
        return False
    for field in ("errcode", "code", "StatusCode"):
        if field in answer:
            return answer[field] == 0
    return False
