"""A fake group-robot receiver on 127.0.0.1 that checks each platform's signature as the platform does.

    with FakeRobot() as fake:
        url = fake.url("dingtalk")          # the webhook address of a DingTalk robot
        fake.secret                          # its secret (DingTalk, Feishu) — WeCom's key is in its URL
        fake.fail(3)                         # the next 3 requests get HTTP 500
        fake.answer_error(2)                 # the next 2 get HTTP 200 with errcode / code 310000
        fake.messages                        # what was accepted: [Received(platform, body)]
        fake.rejected                        # what was refused, with the reason

- 企业微信: POST /wecom/cgi-bin/webhook/send?key=<KEY>; a wrong key is errcode 93000.
- 钉钉 加签: POST /dingtalk/robot/send?access_token=<TOKEN>&timestamp=<ms>&sign=<urlencoded base64
  HMAC-SHA256(key=secret, msg="timestamp\\nsecret")>; the timestamp must be within an hour of now
  (DingTalk's rule); a bad sign is errcode 310000.
- 飞书 签名校验: POST /feishu/open-apis/bot/v2/hook/<TOKEN> with "timestamp" (s) and "sign" =
  base64(HMAC-SHA256(key="timestamp\\nsecret", msg="")) in the JSON body; a bad sign is code 19021.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

KEY = "fake-wecom-key-0000abcd"
TOKEN = "fake-access-token-1234"
SECRET = "SECfake0123456789secret"
WINDOW = 3600  # seconds a signed timestamp stays valid (DingTalk: one hour)


@dataclass
class Received:
    platform: str
    body: dict

    @property
    def text(self):
        """The message's text, whatever the platform's body looks like."""
        if self.platform == "feishu":
            post = self.body["content"]["post"]["zh_cn"]
            parts = [post["title"]] + [t.get("text", "") + t.get("href", "") for row in post["content"] for t in row]
            return "\n".join(parts)
        markdown = self.body["markdown"]
        return markdown.get("content") or f"{markdown['title']}\n{markdown['text']}"


class FakeRobot:
    def __init__(self, secret=SECRET):
        self.secret = secret
        self.messages = []
        self.rejected = []
        self.requests = 0
        self._fail = 0
        self._errors = 0
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, platform):
        return {
            "wecom": f"{self.base}/wecom/cgi-bin/webhook/send?key={KEY}",
            "dingtalk": f"{self.base}/dingtalk/robot/send?access_token={TOKEN}",
            "feishu": f"{self.base}/feishu/open-apis/bot/v2/hook/{TOKEN}",
        }[platform]

    def fail(self, times):
        """The next `times` requests get HTTP 500 (the platform is down)."""
        self._fail = times

    def answer_error(self, times):
        """The next `times` requests get HTTP 200 with an error code (the platform refuses)."""
        self._errors = times

    def of(self, platform):
        return [m for m in self.messages if m.platform == platform]

    # -- the checks ------------------------------------------------------------------------------

    def check(self, platform, query, body, path):
        """None when the request is signed as the platform requires, else the platform's refusal."""
        if platform == "wecom":
            if query.get("key") != [KEY]:
                return {"errcode": 93000, "errmsg": "invalid webhook url"}
            return None
        if platform == "dingtalk":
            if query.get("access_token") != [TOKEN]:
                return {"errcode": 300001, "errmsg": "token is not exist"}
            timestamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
            if not timestamp.isdigit() or abs(int(timestamp) / 1000 - time.time()) > WINDOW:
                return {"errcode": 310000, "errmsg": "invalid timestamp"}
            expected = base64.b64encode(
                hmac.new(self.secret.encode(), f"{timestamp}\n{self.secret}".encode(), hashlib.sha256).digest()
            ).decode()
            # parse_qs has already url-decoded the sign: compare with the plain base64.
            if not hmac.compare_digest(sign, expected):
                return {"errcode": 310000, "errmsg": "sign not match"}
            return None
        if not path.endswith(f"/hook/{TOKEN}"):
            return {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
        timestamp, sign = str(body.get("timestamp", "")), body.get("sign", "")
        if not timestamp.isdigit() or abs(int(timestamp) - time.time()) > WINDOW:
            return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        expected = base64.b64encode(
            hmac.new(f"{timestamp}\n{self.secret}".encode(), b"", hashlib.sha256).digest()
        ).decode()
        if not hmac.compare_digest(sign, expected):
            return {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
        return None

    def _handler(robot):  # noqa: N805 — the handler class closes over the fake
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                parts = urlsplit(self.path)
                platform = parts.path.strip("/").split("/")[0]
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with robot._lock:
                    robot.requests += 1
                    if robot._fail:
                        robot._fail -= 1
                        return self.answer(500, {"error": "down"})
                    if robot._errors:
                        robot._errors -= 1
                        return self.answer(200, {"errcode": 310000, "code": 310000, "errmsg": "busy, told to fail"})
                    refusal = robot.check(platform, parse_qs(parts.query), body, parts.path)
                    if refusal:
                        robot.rejected.append((platform, refusal))
                        return self.answer(200, refusal)
                    robot.messages.append(Received(platform, body))
                if platform == "feishu":
                    return self.answer(200, {"code": 0, "msg": "success", "data": {}})
                return self.answer(200, {"errcode": 0, "errmsg": "ok"})

            def answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
