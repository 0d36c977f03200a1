"""deploy/compose.yaml: parses, refers only to existing files, wires the stack as documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.tools import DEPLOY

COMPOSE = DEPLOY / "compose.yaml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def _bind_sources(service: dict[str, Any]) -> list[str]:
    sources = []
    for volume in service.get("volumes", []):
        source = volume.split(":", 1)[0]
        if source.startswith((".", "/")):
            sources.append(source)
    return sources


class TestFiles:
    def test_every_referenced_file_exists(self, compose: dict[str, Any]) -> None:
        """Build contexts, Dockerfiles and bind-mounted files or folders are in the repository."""
        for name, service in compose["services"].items():
            build = service.get("build")
            if build:
                context = (DEPLOY / build["context"]).resolve()
                assert context.is_dir(), name
                assert (context / build["dockerfile"]).is_file(), name
            for source in _bind_sources(service):
                assert (DEPLOY / source).exists(), f"{name}: {source}"

    def test_env_example_documents_every_interpolated_variable(self) -> None:
        """Each ${VAR} in compose.yaml is named in .env.example, so an operator sees every knob."""
        used = set(re.findall(r"\$\{(\w+)", COMPOSE.read_text()))
        example = (DEPLOY / ".env.example").read_text()
        assert {v for v in used if v not in example} == set()

    def test_no_credentials_are_written_in_the_file(self, compose: dict[str, Any]) -> None:
        """Anything that looks like a secret is an interpolation, never a literal."""
        for service in compose["services"].values():
            for key, value in (service.get("environment") or {}).items():
                if re.search(r"PASSWORD|SECRET|TOKEN|SASL_USERNAME", key):
                    assert str(value).startswith("${"), key
        assert "GRAFANA_ADMIN_PASSWORD:?" in COMPOSE.read_text(), "Grafana must refuse to start without one"


class TestSecrets:
    def test_no_container_is_handed_the_compose_env_file(self, compose: dict[str, Any]) -> None:
        """deploy/.env (Grafana's password among compose's values) is read by compose alone."""
        for name, service in compose["services"].items():
            files = [f if isinstance(f, str) else f["path"] for f in service.get("env_file", [])]
            assert ".env" not in files, name

    def test_newswire_settings_reach_only_newswire_containers(self, compose: dict[str, Any]) -> None:
        """The stack's defaults and the optional, git-ignored newswire.env go to newswire's services only."""
        for name, service in compose["services"].items():
            files = [f if isinstance(f, str) else f["path"] for f in service.get("env_file", [])]
            if service.get("image", "").startswith("newswire:"):
                assert files == ["newswire.compose.env", "newswire.env"], name
                assert service["env_file"][1]["required"] is False
            else:
                assert files == [], name
        ignored = (DEPLOY / ".gitignore").read_text().split()
        assert {".env", "newswire.env"} <= set(ignored)

    def test_grafanas_password_is_given_to_grafana_alone(self, compose: dict[str, Any]) -> None:
        """Only Grafana's environment interpolates GRAFANA_ADMIN_PASSWORD."""
        holders = [
            name
            for name, service in compose["services"].items()
            if "GRAFANA_ADMIN_PASSWORD" in yaml.safe_dump(service.get("environment") or {})
        ]
        assert holders == ["grafana"]

    def test_the_stack_defaults_hold_no_secret(self) -> None:
        """newswire.compose.env is committed: settings only, no password or user name."""
        text = (DEPLOY / "newswire.compose.env").read_text()
        assert not re.search(r"^NEWSWIRE_(SASL|SSL)", text, re.M)


class TestWiring:
    def test_images_are_pinned(self, compose: dict[str, Any]) -> None:
        """Third-party images carry an explicit version, never latest."""
        for name, service in compose["services"].items():
            image = service["image"]
            if image.startswith("newswire:"):
                continue
            assert re.search(r":v?\d+\.\d+\.\d+$", image), f"{name}: {image}"

    def test_kafka_is_kraft_with_a_healthcheck_and_a_named_volume(self, compose: dict[str, Any]) -> None:
        """Topics wait for a healthy broker, newswire for the topics; data outlives containers."""
        kafka = compose["services"]["kafka"]
        assert kafka["image"] == "apache/kafka:4.3.1"
        assert kafka["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert "healthcheck" in kafka
        assert kafka["volumes"][0].split(":")[0] in compose["volumes"]
        topics = compose["services"]["topics"]
        assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
        assert topics["command"] == ["topics", "--partitions", "6"]

    def test_two_replicas_share_one_group_and_run_read_only(self, compose: dict[str, Any]) -> None:
        """`deploy.replicas: 2` of one service, one group id, read-only root, /tmp on tmpfs."""
        newswire = compose["services"]["newswire"]
        assert newswire["deploy"]["replicas"] == 2
        assert newswire["depends_on"]["topics"]["condition"] == "service_completed_successfully"
        defaults = (DEPLOY / newswire["env_file"][0]["path"]).read_text()
        assert re.search(r"^NEWSWIRE_GROUP_ID=\w", defaults, re.M)
        assert newswire["read_only"] is True
        assert "/tmp" in newswire["tmpfs"]

    def test_prometheus_and_grafana_are_provisioned_from_files(self, compose: dict[str, Any]) -> None:
        """Prometheus keeps its data in a named volume; Grafana's provisioning folder is mounted."""
        prometheus, grafana = compose["services"]["prometheus"], compose["services"]["grafana"]
        assert any(v.startswith("prometheus-data:") for v in prometheus["volumes"])
        assert "./grafana/provisioning:/etc/grafana/provisioning:ro" in grafana["volumes"]
        assert grafana["image"].startswith("grafana/grafana:11.")

    def test_the_demo_feeder_only_runs_under_its_profile(self, compose: dict[str, Any]) -> None:
        """`--profile demo` publishes the sample articles; a plain `up` does not."""
        feeder = compose["services"]["feeder"]
        assert feeder["profiles"] == ["demo"]
        assert feeder["command"][0] == "publish"
        assert Path(DEPLOY / "../services/newswire/samples/articles.jsonl").is_file()

    def test_host_ports_bind_to_loopback_only(self, compose: dict[str, Any]) -> None:
        """Nothing is published on every interface by default."""
        for service in compose["services"].values():
            for port in service.get("ports", []):
                assert port.startswith("127.0.0.1:"), port
