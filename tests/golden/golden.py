"""`make golden`: the golden set through `newswire process`, compared byte for byte with expected/.

Each configuration runs input.jsonl through the real command in a fresh process, with only its own
settings. `--regenerate` rewrites expected/: only for a change of behaviour that is intended, and
the commit that does it says so.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"
#: Each configuration's settings beside the defaults of a fresh clone.
CONFIGS: dict[str, dict[str, str]] = {
    "defaults": {},
    "enrichment-off": {"NEWSWIRE_ENRICH_ENTITIES": "false", "NEWSWIRE_ENRICH_TOPICS": "false"},
    "public-models": {"NEWSWIRE_MODELS": "public"},
}
OUTPUTS = ("articles.jsonl", "dead_letters.jsonl")


def run(config: str, workdir: Path) -> dict[str, bytes]:
    """What `newswire process` writes for the golden input under `config`: each output file's bytes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWIRE_")}
    env.update(CONFIGS[config])
    out, dlq = (workdir / name for name in OUTPUTS)
    command = [
        sys.executable,
        "-m",
        "newswire.cli",
        "process",
        "input.jsonl",
        "-o",
        str(out),
        "--dead-letter",
        str(dlq),
    ]
    done = subprocess.run(command, cwd=HERE, env=env, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"newswire process ({config}) exited {done.returncode}:\n{done.stderr}")
    return {name: (workdir / name).read_bytes() for name in OUTPUTS}


def differences(config: str, produced: dict[str, bytes]) -> list[str]:
    """A unified diff for each output that differs from the expected one; empty when all agree."""
    found = []
    for name, data in produced.items():
        path = EXPECTED / config / name
        expected = path.read_bytes() if path.exists() else b""
        if data != expected:
            old, new = (b.decode("utf-8", "replace").splitlines() for b in (expected, data))
            diff = difflib.unified_diff(old, new, f"expected/{config}/{name}", "produced", lineterm="", n=0)
            found.append("\n".join(list(diff)[:40]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("configs", nargs="*", metavar="CONFIG", help=f"some of {', '.join(CONFIGS)}; default: all")
    parser.add_argument("--regenerate", action="store_true", help="write what is produced as the expected output")
    args = parser.parse_args(argv)
    if unknown := set(args.configs) - set(CONFIGS):
        parser.error(f"unknown configuration: {', '.join(sorted(unknown))}")
    import tempfile

    failed = 0
    for config in args.configs or list(CONFIGS):
        with tempfile.TemporaryDirectory() as tmp:
            produced = run(config, Path(tmp))
        if args.regenerate:
            (EXPECTED / config).mkdir(parents=True, exist_ok=True)
            for name, data in produced.items():
                (EXPECTED / config / name).write_bytes(data)
            print(f"{config}: expected output rewritten")
            continue
        diffs = differences(config, produced)
        failed += bool(diffs)
        print(f"{config}: " + ("differs\n" + "\n".join(diffs) if diffs else "identical"))
    if failed:
        print("an intended change of behaviour: `make golden REGENERATE=1`, and say so in the commit", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
