"""deploy/k8s/components/autoscaling and what it relies on: KEDA reads the lag of newswire's own
group, with the credentials and protocol the replicas use, up to the partitions the topics Job
creates, and no fixed replica count is left to fight it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from newswire.cli import _parser
from tests.deploy.k8s import AUTOSCALING, Manifests, config, container, kustomization

#: NEWSWIRE_SECURITY_PROTOCOL -> (KEDA's sasl unless it is off, KEDA's tls).
PROTOCOLS = {
    "PLAINTEXT": (False, "disable"),
    "SSL": (False, "enable"),
    "SASL_PLAINTEXT": (True, "disable"),
    "SASL_SSL": (True, "enable"),
}
#: NEWSWIRE_SASL_MECHANISM -> KEDA's sasl.
MECHANISMS = {"PLAIN": "plaintext", "SCRAM-SHA-256": "scram_sha256", "SCRAM-SHA-512": "scram_sha512"}


def _trigger(manifests: Manifests) -> dict[str, Any]:
    (trigger,) = manifests["ScaledObject"]["spec"]["triggers"]
    return trigger


def _secret_reads(pod: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(Secret, key) -> where the pod gets it: an environment variable, or a file's path."""
    (only,) = pod["containers"]
    reads = {
        (ref["name"], ref["key"]): env["name"]
        for env in only["env"]
        if (ref := env.get("valueFrom", {}).get("secretKeyRef"))
    }
    mounts = {m["name"]: m["mountPath"] for m in only["volumeMounts"]}
    for volume in pod["volumes"]:
        if secret := volume.get("secret"):
            for item in secret["items"]:
                reads[(secret["secretName"], item["key"])] = str(Path(mounts[volume["name"]]) / item["path"])
    return reads


class TestScaling:
    def test_lag_on_the_input_topic_of_the_group_drives_the_statefulset(self, manifests: Manifests) -> None:
        """KEDA reads the lag of newswire's own group on its own input topic, from its own broker."""
        spec, settings, trigger = manifests["ScaledObject"]["spec"], config(manifests), _trigger(manifests)
        assert spec["scaleTargetRef"]["kind"] == "StatefulSet"
        assert spec["scaleTargetRef"]["name"] == manifests["StatefulSet"]["metadata"]["name"]
        assert trigger["type"] == "kafka"
        assert trigger["metadata"]["consumerGroup"] == settings["NEWSWIRE_GROUP_ID"]
        assert trigger["metadata"]["topic"] == settings["NEWSWIRE_INPUT_TOPIC"]
        assert trigger["metadata"]["bootstrapServers"] == settings["NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS"]

    def test_replicas_are_capped_at_the_input_topic_s_partitions(self, manifests: Manifests) -> None:
        """maxReplicaCount equals the partitions the topics Job creates; KEDA never adds idle consumers;
        the base's fixed count fits within them too."""
        args = container(manifests, "Job")["args"]
        partitions = int(args[args.index("--partitions") + 1])
        spec = manifests["ScaledObject"]["spec"]
        assert spec["maxReplicaCount"] == partitions
        assert 1 <= spec["minReplicaCount"] <= partitions
        assert 1 <= manifests["StatefulSet"]["spec"]["replicas"] <= partitions
        assert _trigger(manifests)["metadata"]["allowIdleConsumers"] == "false"

    def test_the_component_removes_the_fixed_replica_count(self) -> None:
        """Its one patch drops spec.replicas of the newswire StatefulSet, so `kubectl apply` leaves
        KEDA's count alone (the rendered check in test_k8s.py sees the result)."""
        (patch,) = kustomization(AUTOSCALING)["patches"]
        assert (patch["target"]["kind"], patch["target"]["name"]) == ("StatefulSet", "newswire")
        assert yaml.safe_load(patch["patch"]) == [{"op": "remove", "path": "/spec/replicas"}]


class TestCredentials:
    def test_keda_reads_the_keys_the_replicas_read(self, manifests: Manifests) -> None:
        """Each secret KEDA uses is a key the StatefulSet reads from the same Secret: the user name and
        password as NEWSWIRE_SASL_USERNAME and NEWSWIRE_SASL_PASSWORD, the CA as NEWSWIRE_SSL_CAFILE."""
        auth = manifests["TriggerAuthentication"]
        assert _trigger(manifests)["authenticationRef"]["name"] == auth["metadata"]["name"]
        reads = _secret_reads(manifests["StatefulSet"]["spec"]["template"]["spec"])
        used = {ref["parameter"]: reads[(ref["name"], ref["key"])] for ref in auth["spec"]["secretTargetRef"]}
        assert used == {
            "username": "NEWSWIRE_SASL_USERNAME",
            "password": "NEWSWIRE_SASL_PASSWORD",
            "ca": config(manifests)["NEWSWIRE_SSL_CAFILE"],
        }

    def test_keda_speaks_the_protocol_the_service_uses(self, manifests: Manifests) -> None:
        """The trigger's sasl and tls say in KEDA's words what the ConfigMap's protocol and mechanism say."""
        settings, metadata = config(manifests), _trigger(manifests)["metadata"]
        sasl, tls = PROTOCOLS[settings["NEWSWIRE_SECURITY_PROTOCOL"]]
        assert metadata.get("tls", "disable") == tls
        assert metadata.get("sasl", "none") == (MECHANISMS[settings["NEWSWIRE_SASL_MECHANISM"]] if sasl else "none")

    def test_the_topics_job_reads_the_credentials_as_the_replicas_do(self, manifests: Manifests) -> None:
        """Same Secret keys, same CA file."""
        job = _secret_reads(manifests["Job"]["spec"]["template"]["spec"])
        assert job == _secret_reads(manifests["StatefulSet"]["spec"]["template"]["spec"])


class TestTopicsJob:
    def test_the_topics_job_runs_the_image_s_topics_command(self, manifests: Manifests) -> None:
        """Same image and settings as the replicas; it exits when the topics exist."""
        job, replica = container(manifests, "Job"), container(manifests, "StatefulSet")
        assert job["image"] == replica["image"]
        assert job["args"][0] == "topics"
        assert job["envFrom"] == replica["envFrom"]
        assert manifests["Job"]["spec"]["template"]["spec"]["restartPolicy"] == "OnFailure"

    def test_topics_are_replicated_three_times(self, manifests: Manifests) -> None:
        """`newswire topics` accepts the Job's arguments: three copies of each partition, two in sync,
        so a broker can be lost without losing a write or stopping the producers."""
        args = _parser().parse_args(container(manifests, "Job")["args"])
        assert (args.replication_factor, args.min_insync_replicas) == (3, 2)
