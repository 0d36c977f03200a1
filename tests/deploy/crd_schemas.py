"""Strict JSON schemas for the custom resources in deploy/k8s, which kubernetes-validate has no
schema for: the fields of the KEDA ScaledObject and TriggerAuthentication (keda.sh/v1alpha1) and
Prometheus Operator ServiceMonitor and PrometheusRule (monitoring.coreos.com/v1) APIs that a base
may set. Unknown keys are errors, so a misspelt field fails here rather than being dropped by the
API server."""

from __future__ import annotations

from typing import Any


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


_STR: dict[str, Any] = {"type": "string"}
_INT: dict[str, Any] = {"type": "integer", "minimum": 0}
_DURATION: dict[str, Any] = {"type": "string", "pattern": r"^(0|(\d+(ms|s|m|h))+)$"}
_LABELS: dict[str, Any] = {"type": "object", "additionalProperties": _STR}
_METADATA = _object({"name": _STR, "namespace": _STR, "labels": _LABELS, "annotations": _LABELS}, ("name",))
_SELECTOR = _object(
    {
        "matchLabels": _LABELS,
        "matchExpressions": {
            "type": "array",
            "items": _object(
                {
                    "key": _STR,
                    "operator": {"enum": ["In", "NotIn", "Exists", "DoesNotExist"]},
                    "values": {"type": "array", "items": _STR},
                },
                ("key", "operator"),
            ),
        },
    }
)
_SCALING_RULES = _object(
    {
        "stabilizationWindowSeconds": {"type": "integer", "minimum": 0, "maximum": 3600},
        "selectPolicy": {"enum": ["Max", "Min", "Disabled"]},
        "policies": {
            "type": "array",
            "items": _object(
                {
                    "type": {"enum": ["Pods", "Percent"]},
                    "value": {"type": "integer", "minimum": 1},
                    "periodSeconds": {"type": "integer", "minimum": 1, "maximum": 1800},
                },
                ("type", "value", "periodSeconds"),
            ),
        },
    }
)

_BEHAVIOR = _object({"scaleUp": _SCALING_RULES, "scaleDown": _SCALING_RULES})

SCALED_OBJECT = _object(
    {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "ScaledObject"},
        "metadata": _METADATA,
        "spec": _object(
            {
                "scaleTargetRef": _object(
                    {"apiVersion": _STR, "kind": _STR, "name": _STR, "envSourceContainerName": _STR}, ("name",)
                ),
                "minReplicaCount": _INT,
                "maxReplicaCount": _INT,
                "idleReplicaCount": _INT,
                "pollingInterval": _INT,
                "cooldownPeriod": _INT,
                "initialCooldownPeriod": _INT,
                "fallback": _object({"failureThreshold": _INT, "replicas": _INT}, ("failureThreshold", "replicas")),
                "advanced": _object(
                    {
                        "restoreToOriginalReplicaCount": {"type": "boolean"},
                        "horizontalPodAutoscalerConfig": _object({"name": _STR, "behavior": _BEHAVIOR}),
                    }
                ),
                "triggers": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        {
                            "type": _STR,
                            "name": _STR,
                            "useCachedMetrics": {"type": "boolean"},
                            "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                            # KEDA reads every trigger setting as a string.
                            "metadata": {"type": "object", "additionalProperties": _STR},
                            "authenticationRef": _object({"name": _STR, "kind": _STR}, ("name",)),
                        },
                        ("type", "metadata"),
                    ),
                },
            },
            ("scaleTargetRef", "triggers"),
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

#: The kafka scaler's settings (KEDA 2.x), all strings.
KAFKA_TRIGGER_KEYS = frozenset(
    {
        "bootstrapServers",
        "bootstrapServersFromEnv",
        "consumerGroup",
        "consumerGroupFromEnv",
        "topic",
        "topicFromEnv",
        "lagThreshold",
        "activationLagThreshold",
        "offsetResetPolicy",
        "allowIdleConsumers",
        "excludePersistentLag",
        "scaleToZeroOnInvalidOffset",
        "limitToPartitionsWithLag",
        "ensureEvenDistributionOfPartitions",
        "partitionLimitation",
        "version",
        "sasl",
        "tls",
    }
)

SERVICE_MONITOR = _object(
    {
        "apiVersion": {"const": "monitoring.coreos.com/v1"},
        "kind": {"const": "ServiceMonitor"},
        "metadata": _METADATA,
        "spec": _object(
            {
                "jobLabel": _STR,
                "targetLabels": {"type": "array", "items": _STR},
                "podTargetLabels": {"type": "array", "items": _STR},
                "selector": _SELECTOR,
                "namespaceSelector": _object(
                    {"any": {"type": "boolean"}, "matchNames": {"type": "array", "items": _STR}}
                ),
                "sampleLimit": _INT,
                "endpoints": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        {
                            "port": _STR,
                            "targetPort": {"type": ["string", "integer"]},
                            "path": {"type": "string", "pattern": "^/"},
                            "scheme": {"enum": ["http", "https"]},
                            "interval": _DURATION,
                            "scrapeTimeout": _DURATION,
                            "honorLabels": {"type": "boolean"},
                            "honorTimestamps": {"type": "boolean"},
                            "params": {"type": "object"},
                            "relabelings": {"type": "array", "items": {"type": "object"}},
                            "metricRelabelings": {"type": "array", "items": {"type": "object"}},
                        }
                    ),
                },
            },
            ("selector", "endpoints"),
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

_REF = _object({"parameter": _STR, "name": _STR, "key": _STR}, ("parameter", "name", "key"))

TRIGGER_AUTHENTICATION = _object(
    {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "TriggerAuthentication"},
        "metadata": _METADATA,
        "spec": _object(
            {
                "secretTargetRef": {"type": "array", "minItems": 1, "items": _REF},
                "configMapTargetRef": {"type": "array", "minItems": 1, "items": _REF},
                "env": {
                    "type": "array",
                    "items": _object({"parameter": _STR, "name": _STR, "containerName": _STR}, ("parameter", "name")),
                },
                "podIdentity": _object(
                    {"provider": _STR, "identityId": _STR, "roleArn": _STR, "identityOwner": _STR}, ("provider",)
                ),
            }
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

#: The kafka scaler's authentication parameters (KEDA 2.x) that a TriggerAuthentication may supply.
KAFKA_AUTH_PARAMETERS = frozenset(
    {
        "sasl",
        "saslTokenProvider",
        "username",
        "password",
        "tls",
        "ca",
        "cert",
        "key",
        "keyPassword",
        "oauthTokenEndpointUri",
        "scopes",
        "oauthExtensions",
        "keytab",
        "realm",
        "kerberosConfig",
        "kerberosServiceName",
        "kerberosDisableFAST",
        "awsAccessKeyID",
        "awsSecretAccessKey",
        "awsRoleArn",
    }
)

_RULE = {
    "type": "object",
    "properties": {
        "alert": _STR,
        "record": _STR,
        "expr": {"type": ["string", "integer"]},
        "for": _DURATION,
        "keep_firing_for": _DURATION,
        "labels": _LABELS,
        "annotations": _LABELS,
    },
    "required": ["expr"],
    "additionalProperties": False,
    "oneOf": [{"required": ["alert"]}, {"required": ["record"]}],
}

PROMETHEUS_RULE = _object(
    {
        "apiVersion": {"const": "monitoring.coreos.com/v1"},
        "kind": {"const": "PrometheusRule"},
        "metadata": _METADATA,
        "spec": _object(
            {
                "groups": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        {
                            "name": _STR,
                            "interval": _DURATION,
                            "query_offset": _DURATION,
                            "limit": _INT,
                            "partial_response_strategy": _STR,
                            "labels": _LABELS,
                            "rules": {"type": "array", "items": _RULE},
                        },
                        ("name",),
                    ),
                }
            },
            ("groups",),
        ),
    },
    ("apiVersion", "kind", "metadata", "spec"),
)

BY_KIND = {
    "ScaledObject": SCALED_OBJECT,
    "TriggerAuthentication": TRIGGER_AUTHENTICATION,
    "ServiceMonitor": SERVICE_MONITOR,
    "PrometheusRule": PROMETHEUS_RULE,
}
