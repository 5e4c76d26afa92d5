"""Two delivery workers at once send every message exactly once (PostgreSQL: row locks and skip_locked;
the SQLite test database is one in-memory file shared by threads, where this cannot be shown)."""

import threading
import time

import pytest
from django.db import connection, connections

from notify.delivery import deliver, post
from notify.models import OutboxMessage, Platform
from notify.outbox import enqueue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
def test_two_workers_send_each_message_once(make_robot, fake):
    robots = [make_robot(Platform.WECOM, name="甲群"), make_robot(Platform.DINGTALK, name="乙群")]
    for robot in robots:
        for n in range(8):
            enqueue([robot], "activity_open", f"m{n}", lambda n=n: (f"消息{n}", [], ""))

    def slow_post(request):
        time.sleep(0.05)  # both workers are mid-send at the same time
        return post(request)

    errors = []

    def worker():
        try:
            deliver(send=slow_post, sleep=lambda s: None)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    texts = sorted(m.text for m in fake.messages)
    assert len(texts) == 16 and len(set(texts)) == 16, texts
    assert OutboxMessage.objects.filter(status="sent").count() == 16
