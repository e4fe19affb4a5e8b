"""A throwaway PostgreSQL server for the store tests: a cluster in a temporary folder on a free
port, started once per test session and removed at its end.

Debian's `postgresql` package provides the binaries (`initdb` refuses to run as root, so as
root the server runs as the package's `postgres` user). Without them the PostgreSQL tests
skip, unless NEWSTRACE_REQUIRE_POSTGRES=1 (set by .ci/run, which installs the package).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REQUIRED = os.environ.get("NEWSTRACE_REQUIRE_POSTGRES") == "1"
PASSWORD = "newstrace-test-secret"
# Local socket connections need no password; TCP ones (what the tests use) do, so a wrong
# password is refused as on a real server.
_INITDB = ("--auth-local=trust", "--auth-host=scram-sha-256", "-U", "postgres", "-E", "UTF8")
_INITDB_MORE = ("--locale=C", "--no-sync")


def _binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    return Path(versions[-1]).parent if versions else None


def _version_key(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _unavailable(reason: str) -> None:
    if REQUIRED:
        raise RuntimeError(f"NEWSTRACE_REQUIRE_POSTGRES=1 but {reason}")
    pytest.skip(reason)


@contextmanager
def postgres_server() -> Iterator[str]:
    """The URL of a running server (user postgres, with its password) until the block ends."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'newstrace[postgres]')")
    bin_dir = _binaries()
    if bin_dir is None:
        _unavailable("PostgreSQL's initdb is not installed (apt-get install postgresql)")
        raise AssertionError  # unreachable: _unavailable raises
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="newstrace-pg-"))
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user to run the server")
        os.chown(folder, user.pw_uid, user.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port, log = folder / "data", _free_port(), str(folder / "log")
    password_file = folder / "password"
    password_file.write_text(PASSWORD + "\n")
    if run_as:
        os.chown(password_file, user.pw_uid, user.pw_gid)
    try:
        initdb = [*run_as, str(bin_dir / "initdb"), "-D", str(data), *_INITDB, *_INITDB_MORE]
        subprocess.run([*initdb, "--pwfile", str(password_file)], check=True, capture_output=True)
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off"
        )
        subprocess.run(
            [
                *run_as,
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                log,
                "-w",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        # A fast restart (what an upgrade or a crash does to connected clients), for the tests
        # that need one; the server is back when it returns.
        _RESTART[:] = [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w"]
        # (with its log file: a server started without one holds the captured pipe open)
        _RESTART.extend(["-o", options, "-l", log, "restart"])
        try:
            yield f"postgresql://postgres:{PASSWORD}@127.0.0.1:{port}"
        finally:
            _RESTART.clear()
            subprocess.run(
                [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
            )
    except subprocess.CalledProcessError as exc:
        _unavailable(f"the test server did not start: {exc.stderr.decode(errors='replace')}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_RESTART: list[str] = []


def restart_server() -> None:
    """Restart the running test server: every open connection to it is cut."""
    assert _RESTART, "no test server is running"
    subprocess.run(_RESTART, check=True, capture_output=True)


def fresh_database(server: str, name: str) -> str:
    """A new empty database on the server, by URL."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
