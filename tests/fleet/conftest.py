"""Fixtures for the fleet tests: a private S3-compatible server (moto's standalone server) per test process.

Each pytest-xdist process starts its own moto server on a free loopback port, in a temp dir, and stops it
at the end; each test gets its own bucket, so nothing is shared with other tests or with colleagues.
"""
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ACCESS_KEY, SECRET_KEY, REGION = "testing", "testing", "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0, proc=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited early with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


class MotoServer:
    """moto_server on 127.0.0.1:<free port>; stop() and start() again to simulate an outage."""

    def __init__(self, workdir: Path):
        self.workdir, self.port, self.proc = workdir, free_port(), None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        exe = Path(sys.executable).with_name("moto_server")
        log = open(self.workdir / "moto.log", "ab")
        self.proc = subprocess.Popen([str(exe), "-H", "127.0.0.1", "-p", str(self.port)], cwd=self.workdir,
                                     stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, proc=self.proc)
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, config=Config(s3={"addressing_style": "path"}))


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    server = MotoServer(tmp_path_factory.mktemp("moto")).start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(moto_server, settings, tmp_path):
    """STORAGES pointed at a fresh bucket of the private moto server (as MEDIA_STORAGE=s3 would configure)."""
    from returnflow.storage_config import s3_storages

    bucket = f"media-{uuid.uuid4().hex[:12]}"
    moto_server.client().create_bucket(Bucket=bucket)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**s3_storages(bucket=bucket, endpoint_url=moto_server.endpoint, region=REGION,
                                       access_key=ACCESS_KEY, secret_key=SECRET_KEY, signed_url_seconds=30),
                         "staticfiles": settings.STORAGES["staticfiles"]}
    return type("S3Media", (), {"bucket": bucket, "client": moto_server.client(), "server": moto_server})()


def bucket_keys(s3_media) -> list[str]:
    listed = s3_media.client.list_objects_v2(Bucket=s3_media.bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")  # boto3 never probes for an instance role here
