"""JSON log lines for log collectors: one object per line, never multi-line."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

# Attributes that every LogRecord has. Any other attribute came in through
# ``extra=`` and is written out as a key of its own.
STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__
) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object with its ``extra`` values as keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in STANDARD_ATTRIBUTES:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        # json.dumps escapes newlines, so a value from a request cannot start
        # a forged line of its own.
        return json.dumps(entry, default=str, ensure_ascii=False)


class StdoutHandler(logging.StreamHandler):
    """Write to whatever ``sys.stdout`` is at the time of each record."""

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value) -> None:
        # StreamHandler stores its stream once. This handler looks the stream
        # up on every record, so output redirected later (as by pytest) arrives.
        pass


class StderrHandler(StdoutHandler):
    """Write to whatever ``sys.stderr`` is at the time of each record."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass
