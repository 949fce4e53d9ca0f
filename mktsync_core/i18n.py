"""Japanese and English catalogs for every user-facing string.

Catalogs are flat JSON files (``locales/<lang>/*.json``, merged) so translators
can work on them without touching code. Marketo's and Salesforce's UI labels
live once in a glossary (``locales/labels/*.json``) and are referenced from
catalog strings as ``{ui:key}``: the user then always sees the label of the
screen in front of them in both languages, the same way on every page.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Literal, get_args

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DEFAULT_LANG: Lang = "en"

LOCALES_DIR = Path(__file__).parent / "locales"
_UI_MARKER = re.compile(r"\{ui:([a-z0-9_.]+)\}")


class CatalogError(ValueError):
    """A catalog file is malformed or defines a key twice."""


def _merge_json_dir(folder: Path) -> dict[str, object]:
    merged: dict[str, object] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise CatalogError(f"{path.name}: top level must be an object")
        clash = merged.keys() & data.keys()
        if clash:
            raise CatalogError(f"{path.name}: keys defined twice: {sorted(clash)}")
        merged.update(data)
    return merged


@cache
def catalog(lang: Lang) -> dict[str, str]:
    """All strings of one language, merged from its catalog files."""
    raw = _merge_json_dir(LOCALES_DIR / lang)
    bad = [k for k, v in raw.items() if not isinstance(v, str)]
    if bad:
        raise CatalogError(f"{lang}: values must be strings: {bad}")
    return {k: str(v) for k, v in raw.items()}


@cache
def glossary() -> dict[str, dict[str, str]]:
    """Marketo/Salesforce UI labels: key -> {"en": label, "ja": label}."""
    raw = _merge_json_dir(LOCALES_DIR / "labels")
    out: dict[str, dict[str, str]] = {}
    for key, value in raw.items():
        if not (isinstance(value, dict) and set(value) == set(LANGS)):
            raise CatalogError(f"label {key!r} needs exactly the keys {LANGS}")
        out[key] = {lang: str(value[lang]) for lang in LANGS}
    return out


def _both(key: str, lang: Lang) -> tuple[str, str | None]:
    """A label in the user's language, and the other language's when it differs.

    Japanese users often run Marketo or Salesforce in English (and the Japanese
    docs leave some labels untranslated), so both spellings are shown unless
    they are the same.
    """
    entry = glossary()[key]
    primary, other = entry[lang], entry["en" if lang == "ja" else "ja"]
    return primary, (None if primary == other else other)


def _beside(primary: str, other: str | None, lang: Lang) -> str:
    if other is None:
        return primary
    return f"{primary}（{other}）" if lang == "ja" else f"{primary} ({other})"


def ui_label(key: str, lang: Lang) -> str:
    """A UI label as the user should look for it on screen, in Markdown."""
    primary, other = _both(key, lang)
    return _beside(f"**{primary}**", other, lang)


def plain_label(key: str, lang: Lang) -> str:
    """The same label as plain text, for table cells and CSV exports."""
    return _beside(*_both(key, lang), lang)


def ui_markers(text: str) -> list[str]:
    """The glossary keys a catalog string refers to."""
    return _UI_MARKER.findall(text)


def t(key: str, lang: Lang, **fmt: object) -> str:
    """The string ``key`` in ``lang``, with UI labels expanded and ``fmt`` filled in."""
    text = catalog(lang)[key]
    text = _UI_MARKER.sub(lambda m: ui_label(m[1], lang), text)
    return text.format(**fmt) if fmt else text


def pick_language(saved: str | None, browser_locale: str | None) -> Lang:
    """The language to show: the user's saved choice, else the browser's if ja/en, else English."""
    if saved in LANGS:
        return saved
    if browser_locale:
        prefix = browser_locale.split("-")[0].split("_")[0].lower()
        if prefix in LANGS:
            return prefix
    return DEFAULT_LANG
