"""orderdeck's log file: stdlib logging into the platformdirs user log dir, redacted.

Credentials are never logged on purpose; the redaction here is the second line: every line
written passes through `redact`, which masks the credential headers by name and anything that
looks like a token (signatures, Bearer and platform tokens, long hex or base64 runs).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path
from typing import Final

from tui.display import printable

LOG_FILE_NAME: Final = "orderdeck.log"

MAX_LOG_BYTES: Final = 1_000_000
"""One rotated file of about a megabyte: a day of refreshes at DEBUG, a month at INFO."""

BACKUP_COUNT: Final = 2

MASK: Final = "[redacted]"

SECRET_HEADERS: Final = (
    "authorization",
    "x-auth-token",
    "x-subject-token",
    "duoplus-api-key",
    "proxy-authorization",
)
"""Headers whose value is a credential, whatever it looks like."""

_HEADER_VALUE = re.compile(
    r"(?P<name>['\"]?(?:" + "|".join(map(re.escape, SECRET_HEADERS)) + r")['\"]?\s*[:=]\s*)"
    r"(?P<quote>['\"]?)(?P<value>[^'\"\r\n]*)",
    re.IGNORECASE,
)
_TOKEN_PATTERNS: Final = (
    # AK/SK signature headers: the access key and the signature.
    re.compile(r"(?<=Access=)[^,\s'\"]+"),
    re.compile(r"(?<=Signature=)[0-9A-Za-z]+"),
    re.compile(r"(?<=Bearer )[^\s'\",]+", re.IGNORECASE),
    re.compile(r"platform-v1-[0-9A-Za-z_\-]+"),
    # 40+ hex digits (signatures, SKs, hashes) or 40+ base64 characters with a digit in them.
    re.compile(r"\b[0-9a-fA-F]{40,}\b"),
    re.compile(r"(?<![0-9A-Za-z+/_\-])(?=[0-9A-Za-z+/_\-]*\d)[0-9A-Za-z+/_\-]{40,}={0,2}"),
)


def redact(text: str) -> str:
    """`text` with credential header values and token-like runs masked."""
    text = _HEADER_VALUE.sub(lambda m: f"{m['name']}{m['quote']}{MASK}", text)
    for pattern in _TOKEN_PATTERNS:
        text = pattern.sub(MASK, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual (tracebacks included, never their local variables), then redacts, then
    passes the record through the display gate: a log is read in a terminal (`tail -f`), and a
    server's escape sequence quoted in an error must not act there either."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(redact(super().format(record)), single_line=False)


HANDLER_NAME: Final = "orderdeck-file"


def log_path(directory: Path | None = None) -> Path:
    from tui.paths import user_log_dir

    return (directory or user_log_dir()) / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO, directory: Path | None = None) -> Path | None:
    """Send orderdeck's and httpx's records to the log file; once per process (a second call
    re-points it, for a process that runs the CLI more than once, such as the tests).

    Returns the file, or None when the log dir cannot be written (logging is then off: a
    read-only home must not stop the dashboard)."""
    path = log_path(directory)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root.addHandler(handler)
    for name in ("orderdeck", "httpx"):
        logging.getLogger(name).setLevel(level)
    return path


def get_logger(name: str) -> logging.Logger:
    """`orderdeck.<name>`: every logger of ours hangs under one parent."""
    return logging.getLogger(f"orderdeck.{name}")
