"""The production settings (unionplan.settings, from the environment bench/run.py sets) plus one
reference URL, /bench/bare/: the floor the throughput figures are read against."""

from unionplan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
