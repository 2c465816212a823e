"""A throwaway PostgreSQL server of the test's own: initdb in a temporary directory, its own port.

Tests that restart or break PostgreSQL use this, never the machine's shared server, so `make test`
is safe on a developer's machine (other programs keep their database). The server gets the same two
roles as production (README, "Database roles"): an owner that runs migrations and an app role.
PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
"""
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

APP_ROLE, OWNER_ROLE, PASSWORD = "returnflow", "returnflow_owner", "returnflow"


def _bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name.split(".")[0]))
    if not versions:
        raise RuntimeError("PostgreSQL's server binaries are not installed (Debian: postgresql)")
    return str(versions[-1] / name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivatePostgres:
    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *command, timeout=60):
        command = [str(c) for c in command]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr or result.stdout}")

    def url(self, role: str, database: str = "postgres") -> str:
        return f"postgres://{role}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def start(self):
        self.base.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            self.base.parent.chmod(0o755)  # a mkdtemp folder is root's alone; postgres must reach its own
            shutil.chown(self.base, "postgres")
            self.base.chmod(0o700)
        self._run(_bin("initdb"), "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")
        for sql in (f"CREATE ROLE {OWNER_ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'",
                    f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{PASSWORD}'",
                    f"GRANT {APP_ROLE} TO {OWNER_ROLE}"):
            self._run(_bin("psql"), "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-d", "postgres",
                      "-v", "ON_ERROR_STOP=1", "-qc", sql)
        return self

    def pg_ctl(self, action: str):
        # Unix sockets in the data directory: nothing is written to the shared /var/run/postgresql.
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        self._run(_bin("pg_ctl"), "-D", self.data, "-o", options, "-w", "-t", "60", "-l", self.base / "server.log",
                  action)

    def restart(self):
        self.pg_ctl("restart")
        self.wait_ready()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if subprocess.run([_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]).returncode == 0:
                return
            time.sleep(0.3)
        raise AssertionError(f"the private PostgreSQL on port {self.port} did not come back")

    def stop(self):
        try:
            self._run(_bin("pg_ctl"), "-D", self.data, "-m", "immediate", "stop", timeout=30)
        except RuntimeError:
            pass  # already stopped
        shutil.rmtree(self.base, ignore_errors=True)
