"""`newstrace serve --workers 2`: analysis processes never outlive the server, even SIGKILLed."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from .conftest import free_port
from .stories import RELAYED

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_worker_processes_die_with_a_killed_server(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "newstrace.cli", "serve", "--workers", "2"]
    command += ["--store", str(tmp_path / "s.sqlite"), "--port", str(port)]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                posted = httpx.post(
                    f"http://127.0.0.1:{port}/api/analyze", json={"text": RELAYED}, timeout=30
                )
                break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail("newstrace serve did not start")
        assert posted.status_code == 200
        # The spawn start method adds a resource tracker beside the two analysis workers.
        workers = _children(server.pid)
        assert len(workers) >= 2
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        for pid in {server.pid, *workers}:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
