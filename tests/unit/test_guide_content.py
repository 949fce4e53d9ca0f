"""The guide's content: structure, catalogs, glossary, tables and field specs agree."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mktsync_core import guide
from mktsync_core.guide import Block, BlockKind
from mktsync_core.guide_content import GUIDE, status_text_key
from mktsync_core.guide_tables import TABLES
from mktsync_core.i18n import LANGS, LOCALES_DIR, Lang, catalog, glossary, t, ui_markers
from mktsync_core.marketo_fields import (
    MARKETO_FIELDS,
    OPTIONAL_FIELDS,
    RECOMMENDED_FIELDS,
    DataType,
    DescribeType,
    Tier,
    by_api_name,
)
from mktsync_core.models import Edition, StepId, SyncStatus

_MARKER = re.compile(r"\{ui:[a-z0-9_.]+\}")


def _guide_file(lang: Lang) -> dict[str, str]:
    data = json.loads((LOCALES_DIR / lang / "guide.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _all_blocks() -> list[tuple[StepId, Block]]:
    return [(step, b) for step, secs in GUIDE.items() for s in secs for b in s.blocks]


def _catalog_keys_used() -> set[str]:
    keys = {s.key for secs in GUIDE.values() for s in secs}
    keys |= {b.key for _, b in _all_blocks() if b.kind is not BlockKind.TABLE}
    return keys


def _rendered_blocks(step: StepId, edition: Edition) -> list[Block]:
    return [b for s in guide.sections(step, edition) for b in s.blocks_for(edition)]


# (a) -----------------------------------------------------------------------


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("step", list(StepId))
def test_every_step_has_content_for_every_edition(step: StepId, edition: Edition) -> None:
    secs = guide.sections(step, edition)
    assert secs, f"{step} has no section for {edition}"
    assert all(s.blocks_for(edition) for s in secs), f"{step}: empty section for {edition}"


# (b) -----------------------------------------------------------------------


def test_guide_catalog_files_have_identical_non_empty_keys() -> None:
    en, ja = _guide_file("en"), _guide_file("ja")
    assert set(en) == set(ja)
    for lang, data in (("en", en), ("ja", ja)):
        for key, value in data.items():
            assert key.startswith(("guide.", "table.")), key
            assert isinstance(value, str) and value.strip(), f"{lang}: {key} is empty"


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_guide_uses_exists(lang: Lang) -> None:
    missing = _catalog_keys_used() - set(catalog(lang))
    assert not missing, f"{lang}: missing {sorted(missing)}"


def test_guide_keys_are_prefixed_by_their_step() -> None:
    for step, secs in GUIDE.items():
        for s in secs:
            keys = [s.key] + [b.key for b in s.blocks if b.kind is not BlockKind.TABLE]
            shared = "guide.prerequisites.note_admin"
            assert all(k.startswith(f"guide.{step.value}.") or k == shared for k in keys), keys


def test_no_format_placeholders_or_stray_braces() -> None:
    for lang in LANGS:
        for key, text in _guide_file(lang).items():
            rest = _MARKER.sub("", text)
            assert "{" not in rest and "}" not in rest, f"{lang}: {key}"


def test_japanese_catalog_is_japanese() -> None:
    ja = _guide_file("ja")
    kana = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    prose = [k for k in ja if k.startswith("guide.")]
    assert all(kana.search(ja[k]) for k in prose), [k for k in prose if not kana.search(ja[k])]


# (c) -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_ui_marker_resolves_in_the_glossary(lang: Lang) -> None:
    labels = glossary()
    for key, text in catalog(lang).items():
        for marker in ui_markers(text):
            assert marker in labels, f"{lang}: {key} uses undefined {{ui:{marker}}}"


def test_guide_glossary_is_well_formed() -> None:
    data = json.loads((LOCALES_DIR / "labels" / "guide.json").read_text(encoding="utf-8"))
    for key, entry in data.items():
        assert re.fullmatch(r"[a-z0-9_.]+", key), key
        assert set(entry) == {"en", "ja"} and all(v.strip() for v in entry.values()), key


def test_english_and_japanese_use_the_same_markers() -> None:
    en, ja = _guide_file("en"), _guide_file("ja")
    for key in en:
        assert sorted(set(ui_markers(en[key]))) == sorted(set(ui_markers(ja[key]))), key


@pytest.mark.parametrize("lang", LANGS)
def test_every_guide_string_renders(lang: Lang) -> None:
    for key in _guide_file(lang):
        text = t(key, lang)
        assert "{ui:" not in text and text.strip()


def test_ui_labels_render_both_languages() -> None:
    en = t("guide.token.retrieve.step1", "en")
    ja = t("guide.token.retrieve.step1", "ja")
    assert "**My Settings** (マイ設定)" in en
    assert "**マイ設定**（My Settings）" in ja


# (d) -----------------------------------------------------------------------


def test_every_table_block_names_a_table() -> None:
    used = {b.key for _, b in _all_blocks() if b.kind is BlockKind.TABLE}
    assert used <= set(TABLES), used - set(TABLES)
    assert set(TABLES) <= used, "tables defined but never shown"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_tables_render_in_both_languages_with_the_same_shape(name: str) -> None:
    frames = {lang: TABLES[name](lang) for lang in LANGS}
    en, ja = frames["en"], frames["ja"]
    assert len(en) > 0 and en.shape == ja.shape
    assert list(en.columns) != list(ja.columns), "headers are not localized"
    for frame in frames.values():
        assert frame.columns.is_unique
        assert all(isinstance(v, str) and v for v in frame.to_numpy().ravel())


def test_field_tables_hold_the_spec() -> None:
    rec = TABLES["recommended_fields"]("en")
    opt = TABLES["optional_fields"]("en")
    api = t("table.col.api_name", "en")
    assert list(rec[api]) == [f.api_name for f in RECOMMENDED_FIELDS]
    assert list(opt[api]) == [f.api_name for f in OPTIONAL_FIELDS]
    layout = TABLES["pe_layout_fields"]("en")
    assert len(layout) == len(MARKETO_FIELDS) + 1  # plus Email Opt Out
    assert "HasOptedOutOfEmail" in set(layout[api])


# (e) -----------------------------------------------------------------------


def _callout_after_step(step: StepId, key: str, kind: BlockKind) -> None:
    """The callout is shown for every edition, right after a sub-step of its own section."""
    for edition in Edition:
        found = False
        for section in guide.sections(step, edition):
            blocks = section.blocks_for(edition)
            keys = [b.key for b in blocks]
            if key not in keys:
                continue
            found = True
            i = keys.index(key)
            assert blocks[i].kind is kind
            # only other callouts may sit between the sub-step and this callout
            j = i - 1
            while j >= 0 and blocks[j].kind in (BlockKind.NOTE, BlockKind.CAUTION, BlockKind.TIP):
                j -= 1
            assert j >= 0 and blocks[j].kind is BlockKind.STEP, f"{key} does not follow a step"
        assert found, f"{key} not shown on {step} for {edition}"


def test_token_tip() -> None:
    for edition in Edition:
        steps = _rendered_blocks(StepId.TOKEN, edition)
        # the guide puts its TIP at the top of the section, before sub-step 1
        assert steps[0].kind is BlockKind.TIP and steps[0].key == "guide.token.retrieve.tip"
    _callout_after_step(StepId.TOKEN, "guide.token.retrieve.note_password", BlockKind.NOTE)
    assert sum(b.kind is BlockKind.STEP for b in steps) == 3
    assert "guide.token.retrieve.note_password" in [b.key for b in steps]


def test_credentials_notes() -> None:
    c = StepId.CREDENTIALS
    _callout_after_step(c, "guide.credentials.set.note_sync_fields", BlockKind.NOTE)
    _callout_after_step(c, "guide.credentials.set.note_sandbox", BlockKind.NOTE)
    _callout_after_step(c, "guide.credentials.set.caution_oauth", BlockKind.CAUTION)
    first = guide.sections(c, Edition.PROFESSIONAL)[0]
    kinds = [b.kind for b in first.blocks]
    assert kinds.count(BlockKind.STEP) == 2
    # the Sync Fields NOTE follows sub-step 1, the Sandbox NOTE sub-step 2
    assert kinds[:2] == [BlockKind.STEP, BlockKind.NOTE]


def test_mappings_caution() -> None:
    _callout_after_step(
        StepId.MAPPINGS, "guide.mappings.confirm.caution_last_chance", BlockKind.CAUTION
    )


def test_start_sync_callouts() -> None:
    s = StepId.START_SYNC
    _callout_after_step(s, "guide.start_sync.start.caution_dedupe", BlockKind.CAUTION)
    _callout_after_step(s, "guide.start_sync.start.note_initial_sync", BlockKind.NOTE)
    kinds = [b.kind for b in _rendered_blocks(s, Edition.PROFESSIONAL)]
    assert kinds.count(BlockKind.STEP) == 2
    en = t("guide.start_sync.start.note_initial_sync", "en")
    ja = t("guide.start_sync.start.note_initial_sync", "ja")
    assert "days" in en and "数日" in ja


def test_verify_has_the_three_statuses() -> None:
    keys = [b.key for b in _rendered_blocks(StepId.VERIFY, Edition.PROFESSIONAL)]
    for status in SyncStatus:
        assert status_text_key(status) in keys
    assert [b.kind for b in _rendered_blocks(StepId.VERIFY, Edition.ENTERPRISE)].count(
        BlockKind.STEP
    ) == 2


def test_home_names_the_irreversible_moments() -> None:
    text = catalog("en")["guide.home.irreversible.caution"]
    assert {"mkto.sync_fields", "mkto.start_sync"} <= set(ui_markers(text))


# (f) -----------------------------------------------------------------------


@pytest.mark.parametrize("step", [StepId.PREREQUISITES, StepId.CREDENTIALS])
def test_edition_specific_content_differs(step: StepId) -> None:
    pe = {b.key for b in _rendered_blocks(step, Edition.PROFESSIONAL)}
    ee = {b.key for b in _rendered_blocks(step, Edition.ENTERPRISE)}
    assert pe - ee and ee - pe


def test_prerequisites_edition_blocks() -> None:
    pe = {b.key for b in _rendered_blocks(StepId.PREREQUISITES, Edition.PROFESSIONAL)}
    ee = {b.key for b in _rendered_blocks(StepId.PREREQUISITES, Edition.ENTERPRISE)}
    assert "pe_layout_fields" in pe and "pe_layout_fields" not in ee
    assert "ee_profile_permissions" in ee and "ee_profile_permissions" not in pe
    assert "guide.prerequisites.fields.step8.pe" in pe - ee
    assert "guide.prerequisites.fields.step8.ee" in ee - pe
    for edition in Edition:
        first = guide.sections(StepId.PREREQUISITES, edition)[0].blocks_for(edition)
        assert sum(b.kind is BlockKind.STEP for b in first) == 13  # as the guide numbers them


# (g) -----------------------------------------------------------------------


def test_marketo_fields_spec() -> None:
    assert len(MARKETO_FIELDS) == 16
    assert len(RECOMMENDED_FIELDS) == 3
    assert {f.label_en for f in RECOMMENDED_FIELDS} == {
        "Score",
        "Acquisition Date",
        "Acquisition Program",
    }
    assert all(f.tier is Tier.OPTIONAL for f in OPTIONAL_FIELDS) and len(OPTIONAL_FIELDS) == 13
    assert len({f.api_name for f in MARKETO_FIELDS}) == 16
    for f in MARKETO_FIELDS:
        assert f.api_name.endswith("__c")
        assert f.api_name == f.field_name + "__c"
        assert f.field_name.startswith("mkto71_")
        assert by_api_name(f.api_name.upper()) is f
        assert [o.value for o in f.objects] == ["Lead", "Contact"]


def test_marketo_fields_describe_expectations() -> None:
    by_name = {f.field_name: f for f in MARKETO_FIELDS}
    score = by_name["mkto71_Lead_Score"]
    assert (score.describe_type, score.precision, score.scale) == (DescribeType.DOUBLE, 10, 0)
    program_id = by_name["mkto71_Acquisition_Program_Id"]
    assert (program_id.describe_type, program_id.precision, program_id.scale) == (
        DescribeType.DOUBLE,
        18,
        0,
    )
    date = by_name["mkto71_Acquisition_Date"]
    assert date.describe_type is DescribeType.DATETIME and date.describe_length is None
    texts = [f for f in MARKETO_FIELDS if f.data_type is DataType.TEXT]
    assert len(texts) == 13
    assert all(f.describe_type is DescribeType.STRING and f.describe_length == 255 for f in texts)
    assert score.page_layout_label == "Lead Score"


def test_marketo_fields_reject_attributes_that_do_not_fit() -> None:
    from pydantic import ValidationError

    from mktsync_core.marketo_fields import MarketoField

    with pytest.raises(ValidationError):
        MarketoField(
            label_en="X",
            label_ja="X",
            field_name="mkto71_X",
            data_type=DataType.DATETIME,
            length=10,
            tier=Tier.OPTIONAL,
        )


def test_catalog_files_exist_where_i18n_looks() -> None:
    for sub in ("en", "ja", "labels"):
        assert (Path(LOCALES_DIR) / sub / "guide.json").is_file()
