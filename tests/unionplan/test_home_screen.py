"""The app on the phone's home screen (unionplan/home_screen.py): the manifest and the service worker."""

import json

from django.contrib.staticfiles import finders


def test_the_manifest_names_the_members_union(login, member_user):
    response = login(member_user).get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "第一中学工会"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_manifest_needs_no_login(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert json.loads(response.content)["name"] == "工会工作"


def test_the_service_worker_is_served_from_the_root_without_login(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    assert b"addEventListener(\"fetch\"" in response.content


def test_every_page_links_the_manifest_and_registers_the_worker_without_inline_script(login, member_user):
    text = login(member_user).get("/", follow=True).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest" crossorigin="use-credentials">' in text
    assert "js/home_screen.js" in text
    assert 'data-offline-copy="离线副本' in text
    assert "{when}" in text


def test_the_login_page_registers_the_worker_too(client, db):
    assert "js/home_screen.js" in client.get("/accounts/login/").content.decode()


def test_posting_to_the_worker_is_refused(client, db):
    assert client.post("/sw.js").status_code == 405
    assert client.post("/manifest.webmanifest").status_code == 405
