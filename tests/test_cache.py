"""The disk cache under concurrent builders: processes building one object at once all succeed."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

BUILDER = """
import time
from dualwatch.cache import disk_cached
def build():
    time.sleep(0.3)
    return list(range(300_000))
assert disk_cached("index", "k1", list, build)[-1] == 299_999
"""


def test_processes_building_the_same_object_at_once_all_succeed(tmp_path: Path) -> None:
    env = {**os.environ, "DUALWATCH_HOME": str(tmp_path)}
    procs = [subprocess.Popen([sys.executable, "-c", BUILDER], env=env,
                              stderr=subprocess.PIPE) for _ in range(4)]
    errors = [p.communicate(timeout=60)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    (cached,) = (tmp_path / "cache").glob("index-*")
    assert cached.name == "index-k1.pickle"
    assert pickle.loads(cached.read_bytes())[-1] == 299_999
