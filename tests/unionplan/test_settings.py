import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    """Run manage.py in a fresh process with exactly these settings in the environment."""
    unset = {"DEBUG", "SECRET_KEY", "PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_chinese_is_the_ui_language_and_shanghai_the_clock():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ


def test_database_connections_are_persistent():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60


def test_deploy_check_is_clean_with_production_values():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="union.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_come_from_the_environment():
    result = run_manage(
        "shell", "-c",
        "from django.conf import settings as s; print(s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], "
        "s.SECURE_SSL_REDIRECT, s.CONN_MAX_AGE if hasattr(s, 'CONN_MAX_AGE') else "
        "s.DATABASES['default']['CONN_MAX_AGE'])",
        DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="a.example.org,b.example.org",
        DATABASE_URL="sqlite:////tmp/unionplan-settings-test.sqlite3", SECURE_SSL_REDIRECT="0", CONN_MAX_AGE="5",
    )
    assert result.returncode == 0, result.stderr
    assert "['a.example.org', 'b.example.org'] django.db.backends.sqlite3 False 5" in result.stdout


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
