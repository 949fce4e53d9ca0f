"""Progress that survives a browser refresh and a server restart.

One JSON file per setup id in a data directory. Writes are atomic (temp file +
``os.replace``) so a crash mid-write never leaves a half-written file; a file
that is damaged anyway is moved aside, reported, and replaced by a fresh start
rather than crashing the app.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import tempfile
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ValidationError

from mktsync_core.models import SETUP_ID_PATTERN, utcnow
from mktsync_core.progress import Progress

ENV_DATA_DIR = "MKTSYNC_DATA_DIR"
log = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """``$MKTSYNC_DATA_DIR``, else the per-user data directory of the platform."""
    configured = os.environ.get(ENV_DATA_DIR)
    if configured:
        return Path(configured).expanduser()
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "mktsync"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "mktsync"


def new_setup_id() -> str:
    return secrets.token_urlsafe(12)


def is_valid_setup_id(value: str | None) -> bool:
    return bool(value) and re.fullmatch(SETUP_ID_PATTERN, value or "") is not None


class StoreProblem(StrEnum):
    DAMAGED = "damaged"  # the file exists but is not a valid progress document
    UNREADABLE = "unreadable"  # the data directory or file could not be read
    UNWRITABLE = "unwritable"  # progress could not be saved


class LoadResult(BaseModel):
    progress: Progress
    problem: StoreProblem | None = None
    restored: bool = False


class ProgressStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else default_data_dir()

    def path(self, setup_id: str) -> Path:
        if not is_valid_setup_id(setup_id):
            raise ValueError("invalid setup id")
        return self.root / f"{setup_id}.json"

    def load(self, setup_id: str) -> LoadResult:
        """The saved progress for ``setup_id``, or a fresh one with the reason it is fresh."""
        fresh = Progress(setup_id=setup_id)
        path = self.path(setup_id)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return LoadResult(progress=fresh)
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("progress store unreadable: %s", type(exc).__name__)
            if isinstance(exc, UnicodeDecodeError):
                self._set_aside(path)
                return LoadResult(progress=fresh, problem=StoreProblem.DAMAGED)
            return LoadResult(progress=fresh, problem=StoreProblem.UNREADABLE)
        try:
            progress = Progress.model_validate(json.loads(text))
        except (ValueError, ValidationError):
            log.warning("progress file for a setup is damaged; starting fresh")
            self._set_aside(path)
            return LoadResult(progress=fresh, problem=StoreProblem.DAMAGED)
        if progress.setup_id != setup_id:
            self._set_aside(path)
            return LoadResult(progress=fresh, problem=StoreProblem.DAMAGED)
        return LoadResult(progress=progress, restored=True)

    def save(self, progress: Progress) -> StoreProblem | None:
        """Write atomically; return a problem instead of raising so the UI can say so."""
        progress = progress.model_copy(update={"updated_at": utcnow()})
        path = self.path(progress.setup_id)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(progress.model_dump_json(indent=2))
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.warning("progress could not be saved: %s", type(exc).__name__)
            return StoreProblem.UNWRITABLE
        return None

    def delete(self, setup_id: str) -> None:
        self.path(setup_id).unlink(missing_ok=True)

    def _set_aside(self, path: Path) -> None:
        """Keep a damaged file for inspection instead of overwriting it."""
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        try:
            path.replace(path.with_name(f"{path.stem}.damaged-{stamp}.json"))
        except OSError:
            log.warning("damaged progress file could not be moved aside")
