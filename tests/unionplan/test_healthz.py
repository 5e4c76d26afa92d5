from unittest import mock

from django.db import DatabaseError


def test_healthz_says_ok_without_login_or_session(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies


def test_healthz_is_503_when_the_database_does_not_answer(client, db):
    # The only stand-in in the suite: a database that is down cannot be had inside a test transaction.
    with mock.patch("unionplan.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
