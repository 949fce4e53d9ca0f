"""Check results as data: what was checked, what it found, who fixes it and how.

A result holds catalog keys and parameters, never rendered sentences, so one
stored report can be shown (and exported) in either language. Parameters that
differ by language are :class:`Label` (a Salesforce/Marketo UI label from the
glossary), :class:`Msg` (another catalog string) or :class:`Text` (a value
given in both languages, such as a Marketo field's doc label).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from mktsync_core.i18n import Lang, t, ui_label
from mktsync_core.models import Edition
from mktsync_core.salesforce import Fixer, SfErrorCode


class CheckStatus(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NOT_VERIFIABLE = "not_verifiable"
    INFO = "info"


#: Statuses the user must explicitly acknowledge before moving on.
ACKNOWLEDGE_STATUSES = frozenset({CheckStatus.WARN, CheckStatus.NOT_VERIFIABLE})


class Label(BaseModel):
    """A UI label of Salesforce or Marketo (glossary key), shown in both languages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ui: str


class Msg(BaseModel):
    """Another catalog string, rendered in the reader's language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    msg: str


class Text(BaseModel):
    """A value that is spelled differently in Japanese and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    en: str
    ja: str

    @classmethod
    def same(cls, value: str) -> Text:
        return cls(en=value, ja=value)

    @classmethod
    def join(cls, parts: list[Label | Text | str]) -> Text:
        """A list for a sentence: "A, B" in English, "A、B" in Japanese."""
        en = ", ".join(str(render_param(p, "en")) for p in parts)
        ja = "、".join(str(render_param(p, "ja")) for p in parts)
        return cls(en=en, ja=ja)


Param = Label | Msg | Text | bool | int | float | str
Evidence = bool | int | float | str | None


def render_param(value: Param, lang: Lang) -> str | int | float | bool:
    if isinstance(value, Label):
        return ui_label(value.ui, lang)
    if isinstance(value, Msg):
        return t(value.msg, lang)
    if isinstance(value, Text):
        return value.ja if lang == "ja" else value.en
    return value


def render(key: str, params: dict[str, Param], lang: Lang) -> str:
    return t(key, lang, **{name: render_param(v, lang) for name, v in params.items()})


def plain(text: str) -> str:
    """Markdown emphasis removed, for tables and CSV files."""
    return text.replace("**", "")


class CheckResult(BaseModel):
    """One finding of one check.

    ``id`` is stable across runs (``C6.lead.mkto71_Lead_Score__c``): its first
    part is the check's number in the domain brief (§8). ``setup_path`` is
    relative to the org's instance; prefix it with the instance URL.
    ``evidence`` holds the values the check saw, as Salesforce names them.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    status: CheckStatus
    title_key: str
    title_params: dict[str, Param] = Field(default_factory=dict)
    reason_key: str
    reason_params: dict[str, Param] = Field(default_factory=dict)
    fix_key: str | None = None
    fix_params: dict[str, Param] = Field(default_factory=dict)
    fixer: Fixer | None = None
    setup_path: str | None = None
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    error_code: SfErrorCode | None = None

    @property
    def check(self) -> str:
        """The check's number, e.g. ``C6``."""
        return self.id.split(".", 1)[0]

    @property
    def needs_acknowledgment(self) -> bool:
        return self.status in ACKNOWLEDGE_STATUSES

    def title(self, lang: Lang) -> str:
        return render(self.title_key, self.title_params, lang)

    def reason(self, lang: Lang) -> str:
        return render(self.reason_key, self.reason_params, lang)

    def fix(self, lang: Lang) -> str | None:
        return render(self.fix_key, self.fix_params, lang) if self.fix_key else None

    def who(self, lang: Lang) -> str | None:
        return t(f"checks.fixer.{self.fixer.value}", lang) if self.fixer else None

    def setup_url(self, instance_url: str | None) -> str | None:
        """The Setup link on the org, when both the path and the instance are known."""
        if not (self.setup_path and instance_url):
            return None
        return instance_url.rstrip("/") + self.setup_path

    def evidence_text(self) -> str:
        return "; ".join(f"{k}={'' if v is None else v}" for k, v in self.evidence.items())


#: Columns of :meth:`CheckReport.frame`, in order; headers are ``checks.column.<name>``.
FRAME_COLUMNS = ("status", "check", "title", "reason", "fix", "who", "setup", "evidence")


class CheckReport(BaseModel):
    """The results of one run, with what it cost and what it learnt about the org."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    results: tuple[CheckResult, ...]
    edition: Edition
    detected_edition: Edition | None = None
    org_name: str | None = None
    is_sandbox: bool | None = None
    api_calls: int = 0
    round_trips: int = 0
    ran_at: datetime

    @property
    def blocking(self) -> bool:
        """True while any check fails: the step cannot be completed."""
        return any(r.status is CheckStatus.FAIL for r in self.results)

    @property
    def needs_acknowledgment(self) -> bool:
        """True when warnings or not-verifiable items need the user's explicit OK."""
        return any(r.needs_acknowledgment for r in self.results)

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.status is CheckStatus.FAIL)

    @property
    def to_acknowledge(self) -> tuple[CheckResult, ...]:
        return tuple(r for r in self.results if r.needs_acknowledgment)

    def by_id(self, check_id: str) -> CheckResult | None:
        return next((r for r in self.results if r.id == check_id), None)

    def ids(self, *statuses: CheckStatus) -> set[str]:
        """Ids of the results with one of ``statuses`` (all results when none given)."""
        return {r.id for r in self.results if not statuses or r.status in statuses}

    def status_counts(self) -> dict[CheckStatus, int]:
        return {s: sum(1 for r in self.results if r.status is s) for s in CheckStatus}

    def frame(self, lang: Lang, instance_url: str | None = None) -> pd.DataFrame:
        """One row per result, with localized headers and plain text (no Markdown)."""
        rows = [
            [
                t(f"checks.status.{r.status.value}", lang),
                r.id,
                plain(r.title(lang)),
                plain(r.reason(lang)),
                plain(r.fix(lang) or ""),
                r.who(lang) or "",
                r.setup_url(instance_url) or r.setup_path or "",
                r.evidence_text(),
            ]
            for r in self.results
        ]
        headers = [t(f"checks.column.{c}", lang) for c in FRAME_COLUMNS]
        return pd.DataFrame(rows, columns=headers)

    def to_csv(self, lang: Lang, instance_url: str | None = None) -> bytes:
        """The findings for the Salesforce admin: UTF-8 with a BOM, so Excel reads Japanese."""
        text = self.frame(lang, instance_url).to_csv(index=False, lineterminator="\r\n")
        return text.encode("utf-8-sig")
