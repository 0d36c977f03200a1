"""The container image, built and run for real with podman or Docker (skipped without either).

Builds deploy/Dockerfile once (NEWSWIRE_PYTHON_IMAGE picks another base, for a machine without
registry access), then runs the image as an operator would: locked down, offline, and against the
test broker on the host network. Slow the first time (the build), a few seconds from the cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SAMPLES
from tests.integration.kafka_helpers import Topics, free_port, wait_for

pytestmark = pytest.mark.integration

DOCKERFILE = ROOT / "deploy" / "Dockerfile"
TAG = "localhost/newswire:test"
#: The official slim image the Dockerfile names, uncompressed; what the image may add on top of it.
SLIM_BASE_MB, LIMIT_MB = 125, 600
HARDENED = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"]


@dataclass(frozen=True)
class Engine:
    command: str  # podman or docker

    def __call__(
        self, *args: str, timeout: float = 120, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [self.command, *args], input=stdin, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            what = f"{self.command} {' '.join(args[:3])} ..."
            raise AssertionError(f"{what} exited {done.returncode}:\n{done.stderr[-3000:]}")
        return done

    def inspect(self, ref: str, kind: str = "image") -> dict[str, Any]:
        return dict(json.loads(self(kind, "inspect", ref).stdout)[0])


def _engine() -> Engine:
    """podman or docker, whichever answers (NEWSWIRE_CONTAINER_ENGINE chooses); else skip, saying why."""
    wanted = os.environ.get("NEWSWIRE_CONTAINER_ENGINE")
    tried = []
    for name in [wanted] if wanted else ["podman", "docker"]:
        if not shutil.which(name):
            tried.append(f"{name}: not installed")
            continue
        info = subprocess.run([name, "info"], capture_output=True, text=True, timeout=60, check=False)
        if info.returncode == 0:
            return Engine(name)
        tried.append(f"{name}: `{name} info` failed: {info.stderr.strip().splitlines()[-1:]}")
    pytest.skip("no container engine answers (" + "; ".join(tried) + ")")


def _base(engine: Engine) -> str:
    """The base image to build on: NEWSWIRE_PYTHON_IMAGE, else the Dockerfile's; skip if unreachable."""
    default = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", DOCKERFILE.read_text(), re.M)
    assert default
    base = os.environ.get("NEWSWIRE_PYTHON_IMAGE", default[1])
    if engine("image", "inspect", base, check=False).returncode != 0:
        pulled = engine("pull", "-q", base, timeout=600, check=False)
        if pulled.returncode != 0:
            pytest.skip(
                f"base image {base} is not here and cannot be pulled ({pulled.stderr.strip()[-200:]}): "
                "set NEWSWIRE_PYTHON_IMAGE to a local Python image"
            )
    return base


@pytest.fixture(scope="module")
def image() -> tuple[Engine, str]:
    """The image, built once per run (layer cache: only what changed is rebuilt)."""
    engine = _engine()
    base = _base(engine)
    fmt = ["--format", "docker"] if engine.command == "podman" else []  # OCI images drop HEALTHCHECK
    started = time.monotonic()
    engine(
        "build", *fmt, "-f", str(DOCKERFILE), "-t", TAG, "--build-arg", f"PYTHON_IMAGE={base}", str(ROOT), timeout=1800
    )
    print(f"image built in {time.monotonic() - started:.0f}s on {base} with {engine.command}")
    return engine, base


class TestImage:
    def test_it_runs_as_user_and_group_10001_with_a_healthcheck(self, image: tuple[Engine, str]) -> None:
        """USER 10001:10001, both names exist in the image; HEALTHCHECK kept; no pip to install with."""
        engine, _ = image
        data = engine.inspect(TAG)
        assert data["Config"]["User"] == "10001:10001"
        health = data["Config"].get("Healthcheck") or data.get("Healthcheck")  # docker, podman
        assert health, "no HEALTHCHECK: a podman build needs --format docker"
        assert "/healthz" in " ".join(health["Test"])
        probe = (
            "import grp, pwd, os, importlib.util as u;"
            "print(pwd.getpwuid(os.getuid()).pw_name, grp.getgrgid(os.getgid()).gr_name, u.find_spec('pip'))"
        )
        out = engine("run", "--rm", "--entrypoint", "python", TAG, "-c", probe).stdout.split()
        assert out == ["newswire", "newswire", "None"]

    def test_it_ships_the_service_without_the_offline_tools(self, image: tuple[Engine, str]) -> None:
        """newswire_tools (eval, train, bench, inspect) is not installed, and newswire does not offer them."""
        engine, _ = image
        probe = "import importlib.util as u; print(u.find_spec('newswire_tools'), u.find_spec('newswire.train'))"
        assert engine("run", "--rm", "--entrypoint", "python", TAG, "-c", probe).stdout.split() == ["None", "None"]
        commands = engine("run", "--rm", TAG, "--help").stdout
        assert "process" in commands and not {"eval", "bench", "inspect"} & set(re.findall(r"\w+", commands))

    def test_it_adds_at_most_what_keeps_the_image_under_600_mb(self, image: tuple[Engine, str]) -> None:
        """The layers above the base stay within 600 MB less the official slim base's size."""
        engine, base = image
        added = (engine.inspect(TAG)["Size"] - engine.inspect(base)["Size"]) / 1e6
        print(f"image adds {added:.0f} MB to {base}: about {added + SLIM_BASE_MB:.0f} MB on the slim base")
        assert added + SLIM_BASE_MB <= LIMIT_MB

    def test_the_pipeline_runs_offline_on_a_read_only_root(self, image: tuple[Engine, str]) -> None:
        """No network, no capabilities, read-only root: the samples come out as articles (nothing downloaded)."""
        engine, _ = image
        done = engine(
            "run",
            "--rm",
            "-i",
            "--network",
            "none",
            *HARDENED,
            TAG,
            "process",
            "-",
            "-o",
            "-",
            stdin=SAMPLES.read_text(),
        )
        articles = [json.loads(line) for line in done.stdout.splitlines()]
        assert articles and all(a["id"] and a["body"] for a in articles)
        assert any(a["entities"] for a in articles)
        # with no setting, the trained models the package ships (docs/models.md)
        shipped = {
            kind: json.loads((ROOT / "services/newswire/models" / folder / "meta.json").read_text())
            for kind, folder in (("ner", "ner-conll"), ("topics", "topics-linear"))
        }
        used = articles[0]["producer"]["models"]
        assert used["topics"].startswith(f"topics-linear-{shipped['topics']['version']}"), used
        assert used["ner"].endswith(shipped["ner"]["version"]), used

    def test_it_carries_the_encoder_and_every_model_of_the_package(self, image: tuple[Engine, str]) -> None:
        """The sentence encoder, checked by its pinned SHA-256, and each model file the checkout ships,
        are in the installed package: nothing is fetched when the service starts."""
        engine, _ = image
        probe = (
            "import pathlib, newswire.models as m; from newswire.models import encoder; encoder.check();"
            "print(*sorted(str(p.relative_to(m.HERE)) for p in m.HERE.rglob('*') if p.is_file()), sep='\\n')"
        )
        done = engine("run", "--rm", "--network", "none", *HARDENED, "--entrypoint", "python", TAG, "-c", probe)
        inside = set(done.stdout.split())
        models = ROOT / "services/newswire/models"
        shipped = {
            str(p.relative_to(models))
            for p in models.rglob("*")
            if p.is_file() and p.suffix not in {".py", ".pyc"} and "encoder" not in p.relative_to(models).parts[:1]
        }
        assert shipped <= inside
        assert {"encoder/bge-small-en-v1.5-q.onnx", "encoder/bge-small-en-v1.5-q-tokenizer.json"} <= inside


@dataclass(frozen=True)
class Run:
    """What one hardened replica did against the test broker, from start to SIGTERM."""

    published: int
    dead: int
    samples: int
    peak_mib: float
    stopped_s: float
    exit_code: int
    log_lines: list[str]


@pytest.fixture(scope="module")
def run(image: tuple[Engine, str], bootstrap: str) -> Iterator[Run]:
    """One replica on the host network: ready, healthy by its own HEALTHCHECK, fed the samples, stopped."""
    engine, _ = image
    topics = Topics(bootstrap).create()
    port, name = free_port(), f"newswire-test-{topics.prefix}"
    env = topics.env(NEWSWIRE_METRICS_PORT=str(port), NEWSWIRE_REPLICA_ID=name)
    flags = [a for k, v in env.items() for a in ("-e", f"{k}={v}")]
    engine("run", "-d", "--name", name, "--network", "host", *HARDENED, *flags, TAG, "run")
    try:
        wait_for(lambda: _get(port, "/readyz") == 200, 120, "the replica's /readyz")
        health = engine.inspect(name, "container")["Config"]["Healthcheck"]["Test"]
        assert health[0] == "CMD"
        engine("exec", name, *health[1:])  # the engine's own healthcheck, run now rather than on its timer
        samples = SAMPLES.read_bytes().splitlines()
        topics.produce(samples)
        out = topics.read(topics.output, 1, timeout=120)
        dead = topics.read(topics.dlq, len(samples) - len(out), timeout=30)
        peak = re.search(r"VmHWM:\s+(\d+) kB", engine("exec", name, "cat", "/proc/1/status").stdout)
        assert peak
        started = time.monotonic()
        engine("stop", "-t", "45", name, timeout=90)
        stopped = time.monotonic() - started
        logs = engine("logs", name)
        result = Run(
            published=len(out),
            dead=len(dead),
            samples=len(samples),
            peak_mib=int(peak[1]) / 1024,
            stopped_s=stopped,
            exit_code=int(engine.inspect(name, "container")["State"]["ExitCode"]),
            log_lines=(logs.stdout + logs.stderr).splitlines(),
        )
        print(f"replica peak RSS {result.peak_mib:.0f} MiB, stopped in {stopped:.1f}s")
        yield result
    finally:
        engine("rm", "-f", "-t", "0", name, check=False)


def _get(port: int, path: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


class TestAgainstTheBroker:
    def test_every_sample_comes_out_once(self, run: Run) -> None:
        """Ready and healthy (the fixture checks), then each sample is an article or a dead letter."""
        assert run.published + run.dead == run.samples
        assert run.published >= run.samples - 1

    def test_sigterm_stops_it_cleanly(self, run: Run) -> None:
        """Exit 0, well within the 45 s compose and Kubernetes give it."""
        assert run.exit_code == 0
        assert run.stopped_s < 30

    def test_every_log_line_is_json(self, run: Run) -> None:
        """NEWSWIRE_LOG_FORMAT=json (the image's default): a log shipper can parse every line."""
        plain = [line for line in run.log_lines if not line.startswith("{")]
        assert not plain, f"{len(plain)} of {len(run.log_lines)} log lines are not JSON, e.g. {plain[:3]}"

    def test_peak_memory_fits_the_kubernetes_request(self, run: Run) -> None:
        """The StatefulSet requests at least the replica's measured peak RSS."""
        statefulset = yaml.safe_load((ROOT / "deploy/k8s/statefulset.yaml").read_text())
        request = statefulset["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["memory"]
        assert run.peak_mib <= int(request.removesuffix("Mi")), f"peak {run.peak_mib:.0f} MiB over {request}"
