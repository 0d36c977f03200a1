"""deploy/k8s as the tests read it: the base's and the autoscaling component's files, and both
rendered by kubectl kustomize (or kustomize) when one is on PATH."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.tools import DEPLOY, run

K8S = DEPLOY / "k8s"
AUTOSCALING = K8S / "components" / "autoscaling"

Manifests = dict[str, dict[str, Any]]


def kustomization(folder: Path) -> dict[str, Any]:
    return yaml.safe_load((folder / "kustomization.yaml").read_text())


def files(folder: Path) -> list[Path]:
    """The resources a kustomization (the base, or a component) lists."""
    return [folder / name for name in kustomization(folder)["resources"]]


def load(paths: list[Path]) -> Manifests:
    """kind -> the one resource of that kind."""
    found: Manifests = {}
    for path in paths:
        for doc in yaml.safe_load_all(path.read_text()):
            assert doc["kind"] not in found, f"two {doc['kind']} resources"
            found[doc["kind"]] = doc
    return found


def render(tmp_path: Path, autoscaling: bool) -> list[dict[str, Any]]:
    """The base as `kubectl apply -k` would send it; with autoscaling, through an overlay that adds
    the component as docs/deploy.md shows. Skips when neither kubectl nor kustomize is on PATH."""
    kubectl, kustomize = shutil.which("kubectl"), shutil.which("kustomize")
    if not (kubectl or kustomize):
        pytest.skip("neither kubectl nor kustomize on PATH: the files are checked one by one instead")
    folder = K8S
    if autoscaling:
        folder = tmp_path / "overlay"
        folder.mkdir()
        overlay = {"resources": [os.path.relpath(K8S, folder)], "components": [os.path.relpath(AUTOSCALING, folder)]}
        (folder / "kustomization.yaml").write_text(yaml.safe_dump(overlay))
    command = [kubectl, "kustomize", str(folder)] if kubectl else [str(kustomize), "build", str(folder)]
    return list(yaml.safe_load_all(run(command).stdout))


def container(manifests: Manifests, kind: str) -> dict[str, Any]:
    pod = manifests[kind]["spec"]["template"]["spec"]
    (only,) = pod["containers"]
    return only


def config(manifests: Manifests) -> dict[str, str]:
    return manifests["ConfigMap"]["data"]
