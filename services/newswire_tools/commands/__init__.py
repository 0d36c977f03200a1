"""The tools' `newswire` subcommands: eval, bench, inspect (newswire.commands.TOOLS names them)."""
