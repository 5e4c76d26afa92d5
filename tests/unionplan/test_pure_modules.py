"""The pure modules (issue 15, point 4) import no models, so the models can import them at module level
without a cycle: importing them where Django is not even set up must work and load no app's models."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE = [
    "members.lunar", "members.escaping", "activities.recurrence", "plans.numbering", "plans.paste", "plans.outline",
    "plans.snapshots",
]
APPS = ["members", "activities", "plans", "funds", "unionplan"]


def test_the_pure_modules_import_without_django_set_up_and_load_no_models():
    script = (
        "import importlib, json, sys\n"
        f"for name in {PURE!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert [m for m in loaded if m.split(".")[0] in APPS and m.endswith(".models")] == []
    assert "django.db.models" not in loaded
