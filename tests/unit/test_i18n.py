import json
import string

import pytest

from mktsync_core import i18n
from mktsync_core.i18n import CatalogError, pick_language, t, ui_markers


def _placeholders(text: str) -> set[str]:
    without_markers = i18n._UI_MARKER.sub("", text)
    return {name for _, name, _, _ in string.Formatter().parse(without_markers) if name}


def test_both_catalogs_have_the_same_keys():
    assert i18n.catalog("ja").keys() == i18n.catalog("en").keys()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_empty_values(lang):
    empty = [k for k, v in i18n.catalog(lang).items() if not v.strip()]
    assert empty == []


def test_placeholders_match_between_languages():
    ja, en = i18n.catalog("ja"), i18n.catalog("en")
    mismatched = [k for k in en if _placeholders(en[k]) != _placeholders(ja[k])]
    assert mismatched == []


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_ui_marker_is_in_the_glossary(lang):
    glossary = i18n.glossary()
    unknown = {
        m for text in i18n.catalog(lang).values() for m in ui_markers(text)
    } - glossary.keys()
    assert unknown == set()


def test_ui_labels_show_the_users_language_first_and_the_other_beside_it():
    key = "mkto.sync_fields"
    assert i18n.ui_label(key, "en") == "**Sync Fields** (フィールドを同期)"
    assert i18n.ui_label(key, "ja") == "**フィールドを同期**（Sync Fields）"


def test_a_label_that_is_the_same_in_both_languages_is_shown_once():
    assert i18n.ui_label("mkto.sandbox", "ja") == "**Sandbox**"


def test_t_expands_labels_and_fills_placeholders():
    text = t("footer.next", "en", step="2. Retrieve the security token")
    assert text == "Next: 2. Retrieve the security token"
    assert "**Last Synced**" in t("verify.status.last_synced", "en")


@pytest.mark.parametrize(
    ("saved", "locale", "expected"),
    [
        (None, "ja-JP", "ja"),
        (None, "ja", "ja"),
        (None, "en-GB", "en"),
        (None, "fr-FR", "en"),
        (None, None, "en"),
        ("ja", "en-US", "ja"),
        ("en", "ja-JP", "en"),
        ("de", "ja-JP", "ja"),
    ],
)
def test_language_follows_saved_choice_then_browser_then_english(saved, locale, expected):
    assert pick_language(saved, locale) == expected


def test_a_key_defined_in_two_files_is_refused(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"x": "1"}), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"x": "2"}), encoding="utf-8")
    with pytest.raises(CatalogError, match="defined twice"):
        i18n._merge_json_dir(tmp_path)
