"""The guide's content for each step, as structure; the words live in the catalogs.

Each page renders its step's sections in order: numbered sub-steps exactly as
Adobe's guide numbers them, with the guide's TIP / NOTE / CAUTION callouts where
the guide puts them, and tables (fields to create, permissions) where the
prerequisite pages have them. Blocks can be limited to one Salesforce edition
where the guide differs (user creation, hiding fields).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from mktsync_core.models import Edition, StepId

_ALL_EDITIONS = frozenset(Edition)


class BlockKind(StrEnum):
    TEXT = "text"  # a paragraph
    STEP = "step"  # a numbered sub-step of the guide
    TIP = "tip"
    NOTE = "note"
    CAUTION = "caution"
    TABLE = "table"  # key names a table in mktsync_core.guide_tables


class Block(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: BlockKind
    key: str
    editions: frozenset[Edition] = _ALL_EDITIONS


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str  # catalog key of the section heading
    blocks: tuple[Block, ...]
    editions: frozenset[Edition] = _ALL_EDITIONS
    first_step: int = 1  # a guide section split across pages keeps the guide's numbering

    def blocks_for(self, edition: Edition) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if edition in b.editions)


def sections(step_id: StepId, edition: Edition) -> tuple[Section, ...]:
    """The sections of a step's guide that apply to ``edition``."""
    from mktsync_core.guide_content import GUIDE

    return tuple(s for s in GUIDE.get(step_id, ()) if edition in s.editions)
