"""Fixtures of the deploy tests."""

from __future__ import annotations

import pytest

from tests.deploy.k8s import AUTOSCALING, K8S, Manifests, files, load


@pytest.fixture(scope="module")
def manifests() -> Manifests:
    """kind -> the one resource of that kind in deploy/k8s and its autoscaling component."""
    return load(files(K8S) + files(AUTOSCALING))
