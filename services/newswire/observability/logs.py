"""structlog, configured once: JSON lines in production, readable console output on a terminal.

Every log line goes through one standard-library handler on stderr, formatted by structlog's
ProcessorFormatter: newswire's own events and those of the libraries it uses (kafka-python,
trafilatura, Python warnings, uncaught errors in threads) come out in the same format, one whole
line per event, whichever thread wrote it.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any, Literal

import structlog

#: Libraries log at WARNING and above; newswire's own loggers at the configured level.
LIBRARY_LEVEL = logging.WARNING

_SHARED: list[structlog.typing.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure(fmt: Literal["auto", "json", "console"] = "auto", level: str = "INFO") -> None:
    """Logs go to stderr; stdout stays free for data (`newswire process -o -`)."""
    console = fmt == "console" or (fmt == "auto" and sys.stderr.isatty())
    renderer: structlog.typing.Processor = (
        structlog.dev.ConsoleRenderer() if console else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder()],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(LIBRARY_LEVEL)
    logging.getLogger("newswire").setLevel(level)
    logging.captureWarnings(True)
    threading.excepthook = _log_thread_error


def _log_thread_error(args: threading.ExceptHookArgs) -> None:
    """An error that ends a library's thread is one log line, not a raw traceback on stderr."""
    error = args.exc_value or args.exc_type()
    structlog.get_logger("newswire.thread").error(
        "thread_failed",
        thread=args.thread.name if args.thread else None,
        error_class=args.exc_type.__name__,
        exc_info=(args.exc_type, error, args.exc_traceback),
    )


def fatal(reason: str, exit_code: int, error: BaseException | None = None, **fields: Any) -> int:
    """Log why the process stops, as its last line, and return the exit code it stops with."""
    details: dict[str, Any] = {"error_class": type(error).__name__} if error is not None else {}
    if error is not None and exit_code == EXIT_INTERNAL:
        details["exc_info"] = error  # a bug: its traceback, inside the one line
    structlog.get_logger("newswire").critical("fatal", reason=reason, exit_code=exit_code, **details, **fields)
    return exit_code


#: Exit codes: 0 done; 1 the process cannot go on (a supervisor restarts it) or a command failed;
#: 2 bad usage, settings or input; 3 topics disagree with the service's limits; 70 an internal
#: error (docs/operations.md lists them).
EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_TOPICS_DISAGREE, EXIT_INTERNAL = 0, 1, 2, 3, 70
