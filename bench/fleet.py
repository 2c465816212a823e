"""`make fleet`: Returnflow as a fleet on this machine, with a web node and a worker killed mid-run.

Starts, all on loopback: HAProxy in front of two gunicorn nodes, two Celery workers and one beat, sharing
one PostgreSQL database made for this run (migrated as the owner role, used as the app role), one Redis
database (FLEET_REDIS_DB, default 12; a queue and lock of this run's own), a moto S3 server for media, and
the Odoo test sandbox. bench/fleet_driver.py takes N returns through the whole lifecycle over the REST
API; a third of the way in, web node 1 and worker 1 are SIGKILLed and restarted. Then it counts, in the
Odoo sandbox's own records, every posting's document, and prints

    fleet: lifecycles=N errors=0 lost=0 duplicated_postings=0 failover_s=N

Everything it started is stopped and its database dropped, also on failure or Ctrl-C; a hard limit of
FLEET_TIMEOUT_SECONDS (280) bounds the run.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from odoo_testserver.server import DEFAULT_API_KEY  # noqa: E402
from bench.fleet_driver import run_lifecycles  # noqa: E402
from bench.fleet_odoo_count import count_documents  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent
PG = {"host": "127.0.0.1", "port": int(os.environ.get("FLEET_PG_PORT", "5432")), "password": "returnflow"}
ODOO_API_KEY = DEFAULT_API_KEY  # the sandbox admin's key


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, timeout: float, proc=None, status=200):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == status:
                    return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer {status} within {timeout} s")


def wait_port(port: int, timeout: float, proc=None):
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"port {port}: the process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


class Fleet:
    def __init__(self, lifecycles: int):
        self.n = lifecycles
        self.run_id = uuid.uuid4().hex[:8]
        self.dir = Path(f"/tmp/returnflow-fleet-{self.run_id}")
        self.dir.mkdir(parents=True)
        (self.dir / "static").mkdir()
        self.db = f"returnflow_fleet_{self.run_id}"
        self.procs: dict[str, subprocess.Popen] = {}
        self.chaos_fired = False
        self.ports = {name: free_port() for name in ("lb", "web1", "web2", "s3", "odoo")}
        redis_url = f"redis://127.0.0.1:6379/{os.environ.get('FLEET_REDIS_DB', '12')}"
        self.queue = f"fleet-{self.run_id}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CELERY_", "ODOO_", "MEDIA_"))},
            "DJANGO_SETTINGS_MODULE": "returnflow.settings", "SECRET_KEY": f"fleet-{uuid.uuid4().hex}",
            "DJANGO_DEBUG": "0", "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "DATABASE_URL": f"postgres://returnflow:returnflow@127.0.0.1:{PG['port']}/{self.db}",
            "DATABASE_OWNER_URL": f"postgres://returnflow_owner:returnflow@127.0.0.1:{PG['port']}/{self.db}",
            "CELERY_BROKER_URL": redis_url, "CACHE_URL": redis_url, "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": "20", "OUTBOX_SWEEP_SECONDS": "3", "OUTBOX_LEASE_SECONDS": "15",
            "OUTBOX_BACKOFF_BASE_SECONDS": "1", "OUTBOX_MAX_BACKOFF_SECONDS": "5", "BEAT_LOCK_TTL_SECONDS": "10",
            "MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": "fleet-media", "MEDIA_S3_ENDPOINT_URL":
                f"http://127.0.0.1:{self.ports['s3']}", "MEDIA_S3_ACCESS_KEY_ID": "fleet",
            "MEDIA_S3_SECRET_ACCESS_KEY": "fleet", "AWS_EC2_METADATA_DISABLED": "true",
            "ODOO_URL": f"http://127.0.0.1:{self.ports['odoo']}", "ODOO_DB": "returns_lab", "ODOO_USER": "admin",
            "ODOO_API_KEY": ODOO_API_KEY, "ODOO_PROTOCOL": "xmlrpc", "ODOO_READ_TIMEOUT": "10",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
            # Whatever is still written to local disk stays in the run's folder, never in the checkout.
            "MEDIA_ROOT": str(self.dir / "media"), "STATIC_ROOT": str(self.dir / "static"),
        }

    # ------------------------------------------------------------------ processes
    def start(self, name: str, argv: list, **env):
        log = open(self.dir / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(argv, cwd=ROOT, env={**self.env, **env}, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self.procs[name]

    def kill(self, name: str, sig=signal.SIGKILL):
        proc = self.procs.get(name)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)  # the whole group: gunicorn's and prefork's children too
        except ProcessLookupError:
            return
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def start_web(self, name: str):
        multiproc = self.dir / f"prom-{name}-{time.monotonic_ns()}"
        multiproc.mkdir()
        return self.start(name, [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
                          GUNICORN_BIND=f"127.0.0.1:{self.ports[name]}", WEB_CONCURRENCY="2",
                          GUNICORN_ACCESSLOG=str(self.dir / f"{name}-access.log"), GUNICORN_GRACEFUL_TIMEOUT="5",
                          PROMETHEUS_MULTIPROC_DIR=str(multiproc))

    def start_worker(self, name: str):
        return self.start(name, [PY, "-m", "celery", "-A", "returnflow", "worker", "-c", "2", "-Q", self.queue,
                                 "-n", f"{name}@{self.run_id}", "--without-mingle", "--without-gossip",
                                 "--loglevel=WARNING"])

    # ------------------------------------------------------------------ set-up
    def up(self) -> dict:
        self._create_database()
        subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=self.env, check=True)
        seeded = json.loads(subprocess.run([PY, "bench/fleet_seed.py", str(self.n)], cwd=ROOT, env=self.env,
                                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        self.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.ports["s3"])])
        wait_port(self.ports["s3"], 30, self.procs["s3"])
        self._create_bucket()
        self.start("odoo", [PY, "manage.py", "odoo_sandbox", "--port", str(self.ports["odoo"])])
        wait_http(f"http://127.0.0.1:{self.ports['odoo']}/web/version", 60, self.procs["odoo"])
        for name in ("web1", "web2"):
            self.start_web(name)
        for name in ("worker1", "worker2"):
            self.start_worker(name)
        self.start("beat", [PY, "-m", "celery", "-A", "returnflow", "beat", "-s", str(self.dir / "beat-schedule"),
                            "--loglevel=WARNING"])
        self._start_haproxy()
        for name in ("web1", "web2"):
            wait_http(f"http://127.0.0.1:{self.ports[name]}/readyz", 90, self.procs[name])
        wait_http(f"http://127.0.0.1:{self.ports['lb']}/readyz", 30, self.procs["haproxy"])
        return seeded

    def _pg(self, sql: str):
        import psycopg2

        conn = psycopg2.connect(dbname="postgres", user="returnflow_owner", **PG)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
        conn.close()

    def _create_database(self):
        # The owner role creates it (CREATEDB), so it owns the schema the app role then only reads and writes.
        self._pg(f'CREATE DATABASE "{self.db}" OWNER returnflow_owner')

    def _create_bucket(self):
        import boto3
        from botocore.config import Config

        boto3.client("s3", endpoint_url=self.env["MEDIA_S3_ENDPOINT_URL"], region_name="us-east-1",
                     aws_access_key_id="fleet", aws_secret_access_key="fleet",
                     config=Config(s3={"addressing_style": "path"})).create_bucket(Bucket="fleet-media")

    def _start_haproxy(self):
        config = self.dir / "haproxy.cfg"
        config.write_text(f"""global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    option forwardfor
    # A request whose node died before it answered goes to the other node (the driver copes with the
    # rare transition that had already happened there: 409, then it reads the state).
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response 502 503
frontend returnflow
    bind 127.0.0.1:{self.ports['lb']}
    default_backend web
backend web
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    # /readyz asks PostgreSQL, Redis and S3: allow it 3 s on a busy machine before counting a failure.
    timeout check 3s
    default-server inter 1s fall 2 rise 2
    server web1 127.0.0.1:{self.ports['web1']} check
    server web2 127.0.0.1:{self.ports['web2']} check
""")
        self.start("haproxy", ["haproxy", "-f", str(config), "-db"])

    # ------------------------------------------------------------------ the run
    def chaos(self, done: int, total: int):
        if self.chaos_fired or done < max(1, total // 3):
            return
        self.chaos_fired = True

        def kill_and_restart():
            self.kill("web1")
            self.kill("worker1")
            print(f"fleet: killed web1 and worker1 after {done}/{total} lifecycles", flush=True)
            time.sleep(4)
            self.start_web("web1")
            self.start_worker("worker1")
            print("fleet: restarted web1 and worker1", flush=True)

        threading.Thread(target=kill_and_restart, daemon=True).start()

    def count_in_odoo(self) -> dict:
        documents, duplicated_attachments = count_documents(self.env["ODOO_URL"], "returns_lab", ODOO_API_KEY)
        verified = json.loads(subprocess.run([PY, "bench/fleet_verify.py"], cwd=ROOT, env=self.env, check=True,
                                             capture_output=True, text=True).stdout.strip().splitlines()[-1])
        expected = verified["postings"]
        wanted = {ref for ref, _state in expected}  # the run's own database: every posting is this run's
        lost = sorted(ref for ref in wanted if documents[ref] == 0)
        unsent = sorted(ref for ref, state in expected if state != "sent")
        return {"postings": len(wanted), "lost": lost, "unsent": unsent,
                "duplicated": {**{ref: n for ref, n in documents.items() if n > 1}, **duplicated_attachments},
                "storage": verified}

    def down(self):
        for name in ("haproxy", "web1", "web2", "beat", "worker1", "worker2", "odoo", "s3"):
            self.kill(name, signal.SIGTERM)
        try:
            self._pg(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
        except Exception as exc:  # noqa: BLE001 - report, never hide a left-over
            print(f"fleet: could not drop {self.db}: {exc}", file=sys.stderr)
        try:
            import redis

            client = redis.Redis.from_url(self.env["CELERY_BROKER_URL"])
            client.delete(self.queue, f"_kombu.binding.{self.queue}", f"returnflow:celery-beat:lock:{self.queue}")
        except Exception:  # noqa: BLE001 - the keys are this run's own and harmless
            pass


def main() -> int:
    lifecycles = int(os.environ.get("FLEET_LIFECYCLES", "20"))
    fleet = Fleet(lifecycles)

    def out_of_time(*_):
        raise TimeoutError("fleet: the run took longer than FLEET_TIMEOUT_SECONDS")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, out_of_time)
    signal.alarm(int(os.environ.get("FLEET_TIMEOUT_SECONDS", "280")))
    ok = False
    try:
        started = time.monotonic()
        seeded = fleet.up()
        print(f"fleet: up in {time.monotonic() - started:.0f} s (logs in {fleet.dir})", flush=True)
        result = run_lifecycles(f"http://127.0.0.1:{fleet.ports['lb']}", seeded["tokens"], seeded["orders"],
                                concurrency=int(os.environ.get("FLEET_CONCURRENCY", "4")), on_progress=fleet.chaos)
        counted = fleet.count_in_odoo()
        for error in result["errors"][:10]:
            print(f"fleet: error {error}", flush=True)
        if counted["lost"] or counted["unsent"] or counted["duplicated"]:
            print(f"fleet: lost {counted['lost'][:5]} unsent {counted['unsent'][:5]} "
                  f"duplicated {list(counted['duplicated'].items())[:5]}", flush=True)
        storage = counted["storage"]
        originals = sum(1 for key in storage["objects"] if key.startswith("originals/"))
        print(f"fleet: storage: {len(storage['objects'])} objects in the bucket ({originals} originals), photos "
              f"{storage['photos']}, staff photo by signed URL: {storage['served_photo']}", flush=True)
        if not storage["served_photo"].get("ok"):
            result["errors"].append(f"photo serving: {storage['served_photo']}")
        print(f"fleet: {len(result['closed'])} returns closed in {result['seconds']:.0f} s, {counted['postings']} "
              f"postings, {result['failed_requests']} requests retried", flush=True)
        unfinished = lifecycles - len(result["closed"]) - len(result["errors"])
        lost = len(counted["lost"]) + len(counted["unsent"]) + unfinished
        duplicated = sum(n - 1 for n in counted["duplicated"].values())
        print(f"fleet: lifecycles={len(result['closed'])} errors={len(result['errors'])} lost={lost} "
              f"duplicated_postings={duplicated} failover_s={result['failover_s']:.1f}", flush=True)
        ok = not result["errors"] and not lost and not duplicated and len(result["closed"]) == lifecycles
    finally:
        signal.alarm(0)
        fleet.down()
        if ok:
            subprocess.run(["rm", "-rf", str(fleet.dir)])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
