"""Every `newswire` command and eval suite answers --help with status 0, and every flag says what it does."""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Iterator

import pytest

from newswire.cli import _parser, main
from newswire_tools.commands.evaluate import EVALS

#: Actions argparse adds itself; their help text is its own.
_BUILT_IN = (argparse._HelpAction, argparse._VersionAction)


def _walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Each parser of the command tree with the words that reach it, then each eval suite's own parser."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _walk(child, (*path, name))
    if not path:
        for suite, module in EVALS.items():
            child = argparse.ArgumentParser(prog=f"newswire eval {suite}")
            importlib.import_module(module).add_arguments(child)
            yield ("eval", suite), child


PARSERS = dict(_walk(_parser()))


class TestHelp:
    @pytest.mark.parametrize("path", sorted(PARSERS), ids=lambda p: " ".join(p) or "newswire")
    def test_help_exits_zero(self, path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
        """`newswire ... --help` prints usage and exits 0, for every command and every eval suite."""
        with pytest.raises(SystemExit) as exited:
            main([*path, "--help"])
        assert exited.value.code == 0
        assert "usage:" in capsys.readouterr().out

    @pytest.mark.parametrize("path", sorted(PARSERS), ids=lambda p: " ".join(p) or "newswire")
    def test_every_argument_has_help_text(self, path: tuple[str, ...]) -> None:
        """Each flag, positional and subcommand of the parser has a help string."""
        parser = PARSERS[path]
        missing = [
            "/".join(action.option_strings) or action.dest
            for action in parser._actions
            if not isinstance(action, _BUILT_IN) and not action.help
        ]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                missing += [choice.dest for choice in action._choices_actions if not choice.help]
        assert not missing, f"{' '.join(path)}: no help text for {missing}"

    def test_the_tree_holds_every_command_and_suite(self) -> None:
        """The walk reaches each subcommand and each eval suite (a walk that found none would pass vacuously)."""
        commands = {p[0] for p in PARSERS if len(p) == 1}
        assert {
            "run",
            "publish",
            "process",
            "consume",
            "replay",
            "inspect",
            "eval",
            "bench",
            "topics",
            "schemas",
        } <= commands
        assert {p[1] for p in PARSERS if len(p) == 2} == set(EVALS)


class TestWithoutTheTools:
    def test_the_service_alone_offers_its_own_commands(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Where newswire_tools is not installed (the image), eval, bench and inspect are left out, the rest stay."""
        find_spec = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util, "find_spec", lambda name: None if name == "newswire_tools" else find_spec(name)
        )
        commands = {p[0] for p in dict(_walk(_parser())) if len(p) == 1}
        assert commands == {"run", "publish", "process", "consume", "replay", "topics", "schemas"}
