"""deploy/k8s: every manifest valid offline (kubernetes-validate --strict, and strict schemas for the
two custom resources), and wired as docs/deploy.md explains: stable replica ids, probes, a locked
down pod, scaling on lag capped at the input topic's partitions."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.deploy.crd_schemas import BY_KIND, KAFKA_TRIGGER_KEYS
from tests.deploy.tools import DEPLOY, run, tool

K8S = DEPLOY / "k8s"
#: The oldest Kubernetes release still supported upstream when this base was written, and the newest
#: kubernetes-validate knows.
VERSIONS = ("1.31", "1.37")


def _kustomization() -> dict[str, Any]:
    return yaml.safe_load((K8S / "kustomization.yaml").read_text())


def _files() -> list[Path]:
    return [K8S / name for name in _kustomization()["resources"]]


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict[str, Any]]:
    """kind -> the one resource of that kind in the base."""
    found: dict[str, dict[str, Any]] = {}
    for path in _files():
        for doc in yaml.safe_load_all(path.read_text()):
            assert doc["kind"] not in found, f"two {doc['kind']} resources"
            found[doc["kind"]] = doc
    return found


def _validate(paths: list[Path]) -> None:
    """kubernetes-validate --strict on built-in kinds, for each version; any warning fails too."""
    validate = tool("kubernetes-validate", "pip install -e '.[test]' installs kubernetes-validate")
    for version in VERSIONS:
        done = run([validate, "--strict", "-k", version, *map(str, paths)])
        assert "WARN" not in done.stdout + done.stderr, done.stdout + done.stderr


def _builtin(path: Path) -> bool:
    return all(doc["kind"] not in BY_KIND for doc in yaml.safe_load_all(path.read_text()))


class TestValid:
    def test_the_kustomization_lists_every_manifest(self) -> None:
        """Each YAML file in deploy/k8s is a resource of the base, and each resource exists."""
        listed = {path.name for path in _files()}
        present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
        assert listed == present

    def test_built_in_kinds_pass_kubernetes_validate_strict(self) -> None:
        """StatefulSet, Service, ConfigMap, PodDisruptionBudget, Job: strict schemas, offline."""
        _validate([path for path in _files() if _builtin(path)])

    def test_custom_resources_pass_their_strict_schemas(self, manifests: dict[str, dict[str, Any]]) -> None:
        """ScaledObject and ServiceMonitor: no unknown or misspelt field, KEDA's kafka settings only."""
        for kind, schema in BY_KIND.items():
            jsonschema.validate(manifests[kind], schema)
        for trigger in manifests["ScaledObject"]["spec"]["triggers"]:
            assert set(trigger["metadata"]) <= KAFKA_TRIGGER_KEYS

    def test_a_misspelt_field_is_caught(self, tmp_path: Path, manifests: dict[str, dict[str, Any]]) -> None:
        """The checks above can fail: a typo in the StatefulSet and in the ScaledObject is rejected."""
        bad = dict(manifests["StatefulSet"], spec={**manifests["StatefulSet"]["spec"], "replica": 2})
        (tmp_path / "bad.yaml").write_text(yaml.safe_dump(bad))
        validate = tool("kubernetes-validate", "pip install -e '.[test]' installs kubernetes-validate")
        done = subprocess.run([validate, "--strict", str(tmp_path / "bad.yaml")], capture_output=True, check=False)
        assert done.returncode != 0
        scaled = manifests["ScaledObject"]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(dict(scaled, spec={**scaled["spec"], "maxReplicas": 6}), BY_KIND["ScaledObject"])

    def test_the_rendered_base_validates(self, tmp_path: Path) -> None:
        """`kubectl kustomize` (or kustomize) renders the base; its built-in kinds validate strictly."""
        kubectl, kustomize = shutil.which("kubectl"), shutil.which("kustomize")
        if not (kubectl or kustomize):
            pytest.skip("neither kubectl nor kustomize on PATH: the base is checked file by file above")
        command = [kubectl, "kustomize", str(K8S)] if kubectl else [str(kustomize), "build", str(K8S)]
        docs = list(yaml.safe_load_all(run(command).stdout))
        assert {d["kind"] for d in docs} == {d["kind"] for p in _files() for d in yaml.safe_load_all(p.read_text())}
        for doc in docs:
            assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "newswire"
        rendered = [tmp_path / f"{i}.yaml" for i, d in enumerate(docs) if d["kind"] not in BY_KIND]
        for path, doc in zip(rendered, (d for d in docs if d["kind"] not in BY_KIND), strict=True):
            path.write_text(yaml.safe_dump(doc))
        _validate(rendered)


def _container(manifests: dict[str, dict[str, Any]], kind: str) -> dict[str, Any]:
    pod = manifests[kind]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    return container


def _config(manifests: dict[str, dict[str, Any]]) -> dict[str, str]:
    return manifests["ConfigMap"]["data"]


class TestReplicas:
    def test_each_pod_s_replica_id_is_its_stable_name(self, manifests: dict[str, dict[str, Any]]) -> None:
        """A StatefulSet pod's name survives a restart: NEWSWIRE_REPLICA_ID comes from it."""
        env = {e["name"]: e for e in _container(manifests, "StatefulSet")["env"]}
        assert env["NEWSWIRE_REPLICA_ID"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"
        assert manifests["StatefulSet"]["spec"]["serviceName"] == manifests["Service"]["metadata"]["name"]

    def test_probes_ask_readyz_and_healthz_on_the_metrics_port(self, manifests: dict[str, dict[str, Any]]) -> None:
        """Readiness: partitions assigned (/readyz). Liveness and start-up: the process answers (/healthz)."""
        container = _container(manifests, "StatefulSet")
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        (port,) = container["ports"]
        assert str(port["containerPort"]) == _config(manifests)["NEWSWIRE_METRICS_PORT"]

    @pytest.mark.parametrize("kind", ["StatefulSet", "Job"])
    def test_pods_run_locked_down(self, manifests: dict[str, dict[str, Any]], kind: str) -> None:
        """Non-root as the image's user, read-only root, no capabilities, no escalation, /tmp in memory."""
        pod = manifests[kind]["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        user = re.search(r"^USER (\d+):(\d+)$", (DEPLOY / "Dockerfile").read_text(), re.M)
        assert user
        context = pod["securityContext"]
        assert (context["runAsUser"], context["runAsGroup"]) == tuple(map(int, user.groups()))
        assert pod["automountServiceAccountToken"] is False
        context = _container(manifests, kind)["securityContext"]
        assert context["readOnlyRootFilesystem"] is True
        assert context["allowPrivilegeEscalation"] is False
        assert context["capabilities"]["drop"] == ["ALL"]
        assert {m["mountPath"] for m in _container(manifests, kind)["volumeMounts"]} == {"/tmp"}

    @pytest.mark.parametrize("kind", ["StatefulSet", "Job"])
    def test_requests_and_limits_are_set(self, manifests: dict[str, dict[str, Any]], kind: str) -> None:
        """CPU and memory requested and limited; the memory request fits under the limit."""
        resources = _container(manifests, kind)["resources"]
        for key in ("cpu", "memory"):
            assert key in resources["requests"] and key in resources["limits"]
        assert _mebibytes(resources["requests"]["memory"]) <= _mebibytes(resources["limits"]["memory"])

    def test_the_replica_memory_request_covers_the_measured_peak(self, manifests: dict[str, dict[str, Any]]) -> None:
        """The request is at least the peak RSS docs/deploy.md reports for a replica, the limit 1.5 times it."""
        measured = re.search(r"peak RSS of a replica: (\d+) MiB", (DEPLOY.parent / "docs/deploy.md").read_text())
        assert measured, "docs/deploy.md states the measured peak RSS of a replica"
        resources = _container(manifests, "StatefulSet")["resources"]
        assert _mebibytes(resources["requests"]["memory"]) >= int(measured[1])
        assert _mebibytes(resources["limits"]["memory"]) >= 1.5 * int(measured[1])

    def test_disruptions_take_one_replica_at_a_time(self, manifests: dict[str, dict[str, Any]]) -> None:
        """The PDB selects the StatefulSet's pods and lets one go at a time."""
        pdb = manifests["PodDisruptionBudget"]["spec"]
        assert pdb["maxUnavailable"] == 1
        labels = manifests["StatefulSet"]["spec"]["template"]["metadata"]["labels"]
        assert pdb["selector"]["matchLabels"].items() <= labels.items()

    def test_prometheus_finds_every_replica(self, manifests: dict[str, dict[str, Any]]) -> None:
        """ServiceMonitor -> Service (even pods not ready) -> the pods' metrics port."""
        service, monitor = manifests["Service"], manifests["ServiceMonitor"]
        assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
        assert {e["port"] for e in monitor["spec"]["endpoints"]} <= {p["name"] for p in service["spec"]["ports"]}
        assert service["spec"]["publishNotReadyAddresses"] is True
        labels = manifests["StatefulSet"]["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items()


class TestScaling:
    def test_lag_on_the_input_topic_of_the_group_drives_the_statefulset(
        self, manifests: dict[str, dict[str, Any]]
    ) -> None:
        """KEDA reads the lag of newswire's own group on its own input topic, from its own broker."""
        spec, config = manifests["ScaledObject"]["spec"], _config(manifests)
        assert spec["scaleTargetRef"]["kind"] == "StatefulSet"
        assert spec["scaleTargetRef"]["name"] == manifests["StatefulSet"]["metadata"]["name"]
        (trigger,) = spec["triggers"]
        assert trigger["type"] == "kafka"
        assert trigger["metadata"]["consumerGroup"] == config["NEWSWIRE_GROUP_ID"]
        assert trigger["metadata"]["topic"] == config["NEWSWIRE_INPUT_TOPIC"]
        assert trigger["metadata"]["bootstrapServers"] == config["NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS"]

    def test_replicas_are_capped_at_the_input_topic_s_partitions(self, manifests: dict[str, dict[str, Any]]) -> None:
        """maxReplicaCount equals the partitions the topics Job creates; KEDA never adds idle consumers."""
        args = _container(manifests, "Job")["args"]
        partitions = int(args[args.index("--partitions") + 1])
        spec = manifests["ScaledObject"]["spec"]
        assert spec["maxReplicaCount"] == partitions
        assert 1 <= spec["minReplicaCount"] <= manifests["StatefulSet"]["spec"]["replicas"] <= partitions
        assert spec["triggers"][0]["metadata"]["allowIdleConsumers"] == "false"

    def test_the_topics_job_runs_the_image_s_topics_command(self, manifests: dict[str, dict[str, Any]]) -> None:
        """Same image and settings as the replicas; it exits when the topics exist."""
        job, replica = _container(manifests, "Job"), _container(manifests, "StatefulSet")
        assert job["image"] == replica["image"]
        assert job["args"][0] == "topics"
        assert job["envFrom"] == replica["envFrom"]
        assert manifests["Job"]["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"


def _mebibytes(quantity: str) -> float:
    units = {"Mi": 1, "Gi": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([A-Za-z]*)", quantity).groups()  # type: ignore[union-attr]
    return float(number) * units[unit]
