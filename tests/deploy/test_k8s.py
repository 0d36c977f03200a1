"""deploy/k8s: every manifest valid offline (kubernetes-validate --strict, and strict schemas for the
custom resources), with and without the autoscaling component, and wired as docs/deploy.md explains:
stable replica ids, probes, a locked down pod spread over nodes, alerts from deploy/prometheus."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from newswire.config import unknown_variables
from tests.deploy.crd_schemas import BY_KIND, KAFKA_AUTH_PARAMETERS, KAFKA_TRIGGER_KEYS
from tests.deploy.k8s import AUTOSCALING, K8S, Manifests, config, container, files, load, render
from tests.deploy.tools import DEPLOY, run, tool

#: The oldest Kubernetes release still supported upstream when this base was written, and the newest
#: kubernetes-validate knows.
VERSIONS = ("1.31", "1.37")


def _validate(paths: list[Path]) -> None:
    """kubernetes-validate --strict on built-in kinds, for each version; any warning fails too."""
    validate = tool("kubernetes-validate", "pip install -e '.[test]' installs kubernetes-validate")
    for version in VERSIONS:
        done = run([validate, "--strict", "-k", version, *map(str, paths)])
        assert "WARN" not in done.stdout + done.stderr, done.stdout + done.stderr


def _builtin(path: Path) -> bool:
    return all(doc["kind"] not in BY_KIND for doc in yaml.safe_load_all(path.read_text()))


class TestValid:
    @pytest.mark.parametrize("folder", [K8S, AUTOSCALING], ids=["base", "autoscaling"])
    def test_the_kustomization_lists_every_manifest(self, folder: Path) -> None:
        """Each YAML file of the base (and of the component) is one of its resources, and each exists."""
        listed = {path.name for path in files(folder)}
        present = {p.name for p in folder.glob("*.yaml")} - {"kustomization.yaml"}
        assert listed == present

    def test_built_in_kinds_pass_kubernetes_validate_strict(self) -> None:
        """StatefulSet, Service, ConfigMap, PodDisruptionBudget, Job: strict schemas, offline."""
        _validate([path for path in files(K8S) + files(AUTOSCALING) if _builtin(path)])

    def test_custom_resources_pass_their_strict_schemas(self, manifests: Manifests) -> None:
        """ScaledObject, TriggerAuthentication, ServiceMonitor, PrometheusRule: no unknown or misspelt
        field; KEDA's kafka settings and authentication parameters only."""
        assert set(BY_KIND) <= set(manifests)
        for kind, schema in BY_KIND.items():
            jsonschema.validate(manifests[kind], schema)
        for trigger in manifests["ScaledObject"]["spec"]["triggers"]:
            assert set(trigger["metadata"]) <= KAFKA_TRIGGER_KEYS
        refs = manifests["TriggerAuthentication"]["spec"]["secretTargetRef"]
        assert {ref["parameter"] for ref in refs} <= KAFKA_AUTH_PARAMETERS

    def test_a_misspelt_field_is_caught(self, tmp_path: Path, manifests: Manifests) -> None:
        """The checks above can fail: a typo in the StatefulSet and in each custom resource is rejected."""
        bad = dict(manifests["StatefulSet"], spec={**manifests["StatefulSet"]["spec"], "replica": 2})
        (tmp_path / "bad.yaml").write_text(yaml.safe_dump(bad))
        validate = tool("kubernetes-validate", "pip install -e '.[test]' installs kubernetes-validate")
        done = subprocess.run([validate, "--strict", str(tmp_path / "bad.yaml")], capture_output=True, check=False)
        assert done.returncode != 0
        typos = {
            "ScaledObject": {"maxReplicas": 6},
            "TriggerAuthentication": {"secretTargetRefs": []},
            "ServiceMonitor": {"endpoint": []},
            "PrometheusRule": {"group": []},
        }
        for kind, typo in typos.items():
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(dict(manifests[kind], spec={**manifests[kind]["spec"], **typo}), BY_KIND[kind])

    @pytest.mark.parametrize("autoscaling", [False, True], ids=["base", "with-autoscaling"])
    def test_the_rendered_base_validates(self, tmp_path: Path, autoscaling: bool) -> None:
        """`kubectl kustomize` renders the base, alone and with the component; every resource is part
        of newswire, the built-in kinds validate strictly, and only the base fixes the replica count."""
        docs = render(tmp_path, autoscaling)
        folders = [K8S, AUTOSCALING] if autoscaling else [K8S]
        assert {d["kind"] for d in docs} == set(load([p for f in folders for p in files(f)]))
        for doc in docs:
            assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "newswire"
        (statefulset,) = (d for d in docs if d["kind"] == "StatefulSet")
        assert ("replicas" in statefulset["spec"]) is not autoscaling
        builtin = [d for d in docs if d["kind"] not in BY_KIND]
        rendered = [tmp_path / f"{i}.yaml" for i in range(len(builtin))]
        for path, doc in zip(rendered, builtin, strict=True):
            path.write_text(yaml.safe_dump(doc))
        _validate(rendered)


class TestReplicas:
    def test_each_pod_s_replica_id_is_its_stable_name(self, manifests: Manifests) -> None:
        """A StatefulSet pod's name survives a restart: NEWSWIRE_REPLICA_ID comes from it."""
        env = {e["name"]: e for e in container(manifests, "StatefulSet")["env"]}
        assert env["NEWSWIRE_REPLICA_ID"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"
        assert manifests["StatefulSet"]["spec"]["serviceName"] == manifests["Service"]["metadata"]["name"]

    def test_probes_ask_readyz_and_healthz_on_the_metrics_port(self, manifests: Manifests) -> None:
        """Readiness: partitions assigned (/readyz). Liveness and start-up: the process answers (/healthz)."""
        replica = container(manifests, "StatefulSet")
        assert replica["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert replica["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert replica["startupProbe"]["httpGet"]["path"] == "/healthz"
        (port,) = replica["ports"]
        assert str(port["containerPort"]) == config(manifests)["NEWSWIRE_METRICS_PORT"]

    @pytest.mark.parametrize("kind", ["StatefulSet", "Job"])
    def test_pods_run_locked_down(self, manifests: Manifests, kind: str) -> None:
        """Non-root as the image's user, read-only root, no capabilities, no escalation, /tmp in memory,
        and nothing else mounted but the Kafka CA, read-only."""
        pod = manifests[kind]["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        user = re.search(r"^USER (\d+):(\d+)$", (DEPLOY / "Dockerfile").read_text(), re.M)
        assert user
        context = pod["securityContext"]
        assert (context["runAsUser"], context["runAsGroup"]) == tuple(map(int, user.groups()))
        assert pod["automountServiceAccountToken"] is False
        context = container(manifests, kind)["securityContext"]
        assert context["readOnlyRootFilesystem"] is True
        assert context["allowPrivilegeEscalation"] is False
        assert context["capabilities"]["drop"] == ["ALL"]
        mounts = {m["mountPath"]: m for m in container(manifests, kind)["volumeMounts"]}
        assert set(mounts) == {"/tmp", str(Path(config(manifests)["NEWSWIRE_SSL_CAFILE"]).parent)}
        assert all(m.get("readOnly") for path, m in mounts.items() if path != "/tmp")

    def test_replicas_spread_over_nodes(self, manifests: Manifests) -> None:
        """At most one replica more on any node than on another (a hard rule, cordoned nodes left out),
        over zones where possible; both count the StatefulSet's own pods."""
        pod = manifests["StatefulSet"]["spec"]["template"]
        spread = {c["topologyKey"]: c for c in pod["spec"]["topologySpreadConstraints"]}
        node = spread["kubernetes.io/hostname"]
        assert (node["maxSkew"], node["whenUnsatisfiable"], node["nodeTaintsPolicy"]) == (1, "DoNotSchedule", "Honor")
        assert spread["topology.kubernetes.io/zone"]["whenUnsatisfiable"] == "ScheduleAnyway"
        own = manifests["StatefulSet"]["spec"]["selector"]["matchLabels"]
        for constraint in spread.values():
            assert constraint["labelSelector"]["matchLabels"] == own
        assert own.items() <= pod["metadata"]["labels"].items()

    @pytest.mark.parametrize("kind", ["StatefulSet", "Job"])
    def test_pods_hold_only_known_newswire_variables(self, manifests: Manifests, kind: str) -> None:
        """No Service's link variables (NEWSWIRE_..._PORT=tcp://...), and every NEWSWIRE_* set is a setting."""
        assert manifests[kind]["spec"]["template"]["spec"]["enableServiceLinks"] is False
        named = [e["name"] for e in container(manifests, kind).get("env", [])]
        assert not unknown_variables(dict.fromkeys([*named, *config(manifests)], ""))

    @pytest.mark.parametrize("kind", ["StatefulSet", "Job"])
    def test_requests_and_limits_are_set(self, manifests: Manifests, kind: str) -> None:
        """CPU and memory requested and limited; the memory request fits under the limit."""
        resources = container(manifests, kind)["resources"]
        for key in ("cpu", "memory"):
            assert key in resources["requests"] and key in resources["limits"]
        assert _mebibytes(resources["requests"]["memory"]) <= _mebibytes(resources["limits"]["memory"])

    def test_the_replica_memory_request_covers_the_measured_peak(self, manifests: Manifests) -> None:
        """The request is at least the peak RSS docs/deploy.md reports for a replica, the limit 1.5 times it."""
        measured = re.search(r"peak RSS of a replica: (\d+) MiB", (DEPLOY.parent / "docs/deploy.md").read_text())
        assert measured, "docs/deploy.md states the measured peak RSS of a replica"
        resources = container(manifests, "StatefulSet")["resources"]
        assert _mebibytes(resources["requests"]["memory"]) >= int(measured[1])
        assert _mebibytes(resources["limits"]["memory"]) >= 1.5 * int(measured[1])

    def test_disruptions_take_one_replica_at_a_time(self, manifests: Manifests) -> None:
        """The PDB selects the StatefulSet's pods and lets one go at a time."""
        pdb = manifests["PodDisruptionBudget"]["spec"]
        assert pdb["maxUnavailable"] == 1
        labels = manifests["StatefulSet"]["spec"]["template"]["metadata"]["labels"]
        assert pdb["selector"]["matchLabels"].items() <= labels.items()

    def test_prometheus_finds_every_replica(self, manifests: Manifests) -> None:
        """ServiceMonitor -> Service (even pods not ready) -> the pods' metrics port."""
        service, monitor = manifests["Service"], manifests["ServiceMonitor"]
        assert monitor["spec"]["selector"]["matchLabels"].items() <= service["metadata"]["labels"].items()
        assert {e["port"] for e in monitor["spec"]["endpoints"]} <= {p["name"] for p in service["spec"]["ports"]}
        assert service["spec"]["publishNotReadyAddresses"] is True
        labels = manifests["StatefulSet"]["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items()


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("prometheusrule", K8S / "prometheusrule.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestMonitoring:
    def test_the_prometheusrule_is_generated_from_alerts_yml(self, manifests: Manifests) -> None:
        """prometheusrule.yaml is what `make prometheusrule` writes from deploy/prometheus/alerts.yml:
        the same groups and rules, so the two cannot drift apart."""
        generator = _generator()
        alerts = (DEPLOY / "prometheus" / "alerts.yml").read_text()
        assert (K8S / "prometheusrule.yaml").read_text() == generator.render(alerts), "run `make prometheusrule`"
        assert manifests["PrometheusRule"]["spec"]["groups"] == yaml.safe_load(alerts)["groups"]

    def test_an_edited_alert_no_longer_agrees(self) -> None:
        """The check above can fail: an alert changed in alerts.yml alone renders differently."""
        alerts = (DEPLOY / "prometheus" / "alerts.yml").read_text().replace("for: 10m", "for: 11m", 1)
        assert _generator().render(alerts) != (K8S / "prometheusrule.yaml").read_text()

    def test_kube_prometheus_stack_selects_the_monitor_and_the_rules(self, manifests: Manifests) -> None:
        """Both carry the `release` label of the Helm release its Prometheus selects by default."""
        release = _generator().RELEASE
        for kind in ("ServiceMonitor", "PrometheusRule"):
            assert manifests[kind]["metadata"]["labels"]["release"] == release, kind


def _mebibytes(quantity: str) -> float:
    units = {"Mi": 1, "Gi": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([A-Za-z]*)", quantity).groups()  # type: ignore[union-attr]
    return float(number) * units[unit]
