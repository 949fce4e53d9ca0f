"""What each step's page says, as structure; the words are in ``locales/*/guide.json``.

Sources (see ``docs/marketo-domain.md``):

* HOME: this app's own introduction.
* PREREQUISITES: Adobe's "Step 1 of 3: Add Marketo Fields to Salesforce" and
  "Step 2 of 3: Create a Salesforce User for Marketo" pages, Professional
  Edition (page layouts, System Administrator sync user, API add-on) and
  Enterprise/Unlimited (the "Marketo-Salesforce Sync" profile, field-level
  security) (§1, §2).
* TOKEN … VERIFY: "Step 3 of 3: Connect Marketo and Salesforce (Professional)"
  (the seed page), sub-steps numbered as the guide numbers them, each TIP /
  NOTE / CAUTION right after the sub-step it belongs to; plus the hide-field
  procedure (§4), the OAuth caution of the Enterprise page (§3 6a), the
  mapping screen (§5) and the header statuses (§6a).
* COMPLETE: the guide's closing line and its "More like this" links.

Block keys are catalog keys, except for TABLE blocks whose key names a table
in :data:`mktsync_core.guide_tables.TABLES`.
"""

from __future__ import annotations

from mktsync_core.guide import Block, BlockKind, Section
from mktsync_core.models import Edition, StepId, SyncStatus

_ALL = frozenset(Edition)
PE = frozenset({Edition.PROFESSIONAL})
EE = frozenset({Edition.ENTERPRISE})


def _b(kind: BlockKind, key: str, editions: frozenset[Edition] = _ALL) -> Block:
    return Block(kind=kind, key=key, editions=editions)


def _step(key: str, editions: frozenset[Edition] = _ALL) -> Block:
    return _b(BlockKind.STEP, key, editions)


def _text(key: str, editions: frozenset[Edition] = _ALL) -> Block:
    return _b(BlockKind.TEXT, key, editions)


def _tip(key: str, editions: frozenset[Edition] = _ALL) -> Block:
    return _b(BlockKind.TIP, key, editions)


def _note(key: str, editions: frozenset[Edition] = _ALL) -> Block:
    return _b(BlockKind.NOTE, key, editions)


def _caution(key: str, editions: frozenset[Edition] = _ALL) -> Block:
    return _b(BlockKind.CAUTION, key, editions)


def _table(name: str, editions: frozenset[Edition] = _ALL) -> Block:
    return _b(BlockKind.TABLE, name, editions)


def _section(
    key: str, *blocks: Block, editions: frozenset[Edition] = _ALL, first_step: int = 1
) -> Section:
    return Section(key=key, blocks=blocks, editions=editions, first_step=first_step)


# ---------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------

_HOME = (
    _section(
        "guide.home.intro.title",
        _text("guide.home.intro.what"),
        _text("guide.home.intro.parts"),
    ),
    _section(
        "guide.home.irreversible.title",
        _caution("guide.home.irreversible.caution"),
    ),
    _section(
        "guide.home.checks.title",
        _text("guide.home.checks.text"),
        _text("guide.home.checks.limits"),
    ),
)

# ---------------------------------------------------------------------------
# Prerequisites: Step 1 of 3 (fields) and Step 2 of 3 (sync user)
# ---------------------------------------------------------------------------

_F = "guide.prerequisites.fields"
_M = "guide.prerequisites.mapping"
_L = "guide.prerequisites.pe_layouts"
_U = "guide.prerequisites.pe_user"
_A = "guide.prerequisites.pe_api"
_P = "guide.prerequisites.ee_profile"
_R = "guide.prerequisites.ee_permissions"
_S = "guide.prerequisites.ee_fls"
_E = "guide.prerequisites.ee_user"
_ADMIN_NOTE = "guide.prerequisites.note_admin"

_PREREQUISITES = (
    _section(
        f"{_F}.title",
        _note(f"{_F}.note_api"),
        _text(f"{_F}.intro"),
        _text(f"{_F}.lead"),
        _step(f"{_F}.step1"),
        _step(f"{_F}.step2"),
        _step(f"{_F}.step3"),
        _step(f"{_F}.step4"),
        _step(f"{_F}.step5"),
        _step(f"{_F}.step6"),
        _table("recommended_fields"),
        _note(f"{_F}.note_api_name"),
        _note(f"{_F}.note_length"),
        _step(f"{_F}.step7"),
        _step(f"{_F}.step8.pe", PE),
        _step(f"{_F}.step8.ee", EE),
        _step(f"{_F}.step9"),
        _step(f"{_F}.step10"),
        _step(f"{_F}.step11"),
        _step(f"{_F}.step12"),
        _step(f"{_F}.step13"),
        _table("optional_fields"),
        _note(f"{_F}.note_backfill"),
    ),
    _section(
        f"{_M}.title",
        _text(f"{_M}.intro"),
        _step(f"{_M}.step1"),
        _step(f"{_M}.step2"),
        _step(f"{_M}.step3"),
        _step(f"{_M}.step4"),
        _step(f"{_M}.step5"),
        _step(f"{_M}.step6"),
        _step(f"{_M}.step7"),
        _table("lead_contact_mapping"),
        _text(f"{_M}.app_check"),
    ),
    # Step 2 of 3, Professional Edition
    _section(
        f"{_L}.title",
        _note(_ADMIN_NOTE),
        _text(f"{_L}.intro"),
        _step(f"{_L}.step1"),
        _step(f"{_L}.step2"),
        _step(f"{_L}.step3"),
        _step(f"{_L}.step4"),
        _step(f"{_L}.step5"),
        _step(f"{_L}.step6"),
        _table("pe_layout_fields"),
        _note(f"{_L}.note_read_write"),
        _tip(f"{_L}.tip_columns"),
        _step(f"{_L}.step7"),
        _step(f"{_L}.step8"),
        _step(f"{_L}.step9"),
        _note(f"{_L}.note_all_day_event"),
        _text(f"{_L}.lead_score"),
        editions=PE,
    ),
    _section(
        f"{_U}.title",
        _text(f"{_U}.intro"),
        _note(f"{_U}.note_no_licence"),
        _step(f"{_U}.step1"),
        _step(f"{_U}.step2"),
        _step(f"{_U}.step3"),
        _tip(f"{_U}.tip_email"),
        editions=PE,
    ),
    _section(
        f"{_A}.title",
        _note(f"{_A}.note"),
        editions=PE,
    ),
    # Step 2 of 3, Enterprise/Unlimited Edition
    _section(
        f"{_P}.title",
        _note(_ADMIN_NOTE),
        _text(f"{_P}.intro"),
        _step(f"{_P}.step1"),
        _step(f"{_P}.step2"),
        _step(f"{_P}.step3"),
        _step(f"{_P}.step4"),
        editions=EE,
    ),
    _section(
        f"{_R}.title",
        _step(f"{_R}.step1"),
        _step(f"{_R}.step2"),
        _tip(f"{_R}.tip_password"),
        _step(f"{_R}.step3"),
        _step(f"{_R}.step4"),
        _note(f"{_R}.note_campaigns"),
        _step(f"{_R}.step5"),
        _text(f"{_R}.summary"),
        _table("ee_profile_permissions"),
        editions=EE,
    ),
    _section(
        f"{_S}.title",
        _step(f"{_S}.step1"),
        _note(f"{_S}.note_clutter"),
        _step(f"{_S}.step2"),
        _tip(f"{_S}.tip_other_objects"),
        _step(f"{_S}.step3"),
        _step(f"{_S}.step4"),
        _note(f"{_S}.note_custom_only"),
        _step(f"{_S}.step5"),
        _table("ee_required_field_access"),
        editions=EE,
    ),
    _section(
        f"{_E}.title",
        _tip(f"{_E}.tip_dedicated"),
        _step(f"{_E}.step1"),
        _step(f"{_E}.step2"),
        _text(f"{_E}.marketing_user"),
        editions=EE,
    ),
)

# ---------------------------------------------------------------------------
# Step 3 of 3: retrieve the token
# ---------------------------------------------------------------------------

_T = "guide.token.retrieve"

_TOKEN = (
    _section(
        f"{_T}.title",
        _tip(f"{_T}.tip"),
        _text(f"{_T}.app_check"),
        _step(f"{_T}.step1"),
        _step(f"{_T}.step2"),
        _step(f"{_T}.step3"),
        _note(f"{_T}.note_password"),
    ),
)

# ---------------------------------------------------------------------------
# Step 3 of 3: set sync user credentials (sub-steps 1 and 2) and hiding fields
# ---------------------------------------------------------------------------

_C = "guide.credentials.set"
_HE = "guide.credentials.hide_ee"
_HP = "guide.credentials.hide_pe"
_HA = "guide.credentials.after_hide"

_CREDENTIALS = (
    _section(
        f"{_C}.title",
        _step(f"{_C}.step1"),
        _note(f"{_C}.note_sync_fields"),
        _text(f"{_C}.hide_first"),
        _step(f"{_C}.step2"),
        _note(f"{_C}.note_sandbox"),
        _caution(f"{_C}.caution_oauth"),
    ),
    _section(
        f"{_HE}.title",
        _text(f"{_HE}.intro"),
        _step(f"{_HE}.step1"),
        _step(f"{_HE}.step2"),
        _step(f"{_HE}.step3"),
        _step(f"{_HE}.step4"),
        _step(f"{_HE}.step5"),
        _text(f"{_HE}.same_as_step2"),
        editions=EE,
    ),
    _section(
        f"{_HP}.title",
        _text(f"{_HP}.no_procedure"),
        _text(f"{_HP}.what_app_offers"),
        _caution(f"{_HP}.caution_visible"),
        editions=PE,
    ),
    _section(
        f"{_HA}.title",
        _text(f"{_HA}.next_sync"),
        _text(f"{_HA}.permanent"),
    ),
)

# ---------------------------------------------------------------------------
# Step 3 of 3: confirm credentials (sub-step 3) and the mapping screen
# ---------------------------------------------------------------------------

_MC = "guide.mappings.confirm"
_MS = "guide.mappings.screen"

_MAPPINGS = (
    _section(
        f"{_MC}.title",
        _text(f"{_MC}.context"),
        _step(f"{_MC}.step3"),
        _caution(f"{_MC}.caution_last_chance"),
        first_step=3,
    ),
    _section(
        f"{_MS}.title",
        _text(f"{_MS}.merge"),
        _text(f"{_MS}.custom_only"),
        _text(f"{_MS}.map_unmapped"),
        _text(f"{_MS}.break"),
        _text(f"{_MS}.reset_schema"),
        _text(f"{_MS}.types"),
        _text(f"{_MS}.sync_now"),
    ),
)

# ---------------------------------------------------------------------------
# Step 3 of 3: start the sync
# ---------------------------------------------------------------------------

_ST = "guide.start_sync.start"

_START_SYNC = (
    _section(
        f"{_ST}.title",
        _step(f"{_ST}.step1"),
        _caution(f"{_ST}.caution_dedupe"),
        _text(f"{_ST}.clean_first"),
        _step(f"{_ST}.step2"),
        _note(f"{_ST}.note_initial_sync"),
    ),
)

# ---------------------------------------------------------------------------
# Step 3 of 3: verify the sync
# ---------------------------------------------------------------------------

_V = "guide.verify.check"
_VS = "guide.verify.status"

_VERIFY = (
    _section(
        f"{_V}.title",
        _text(f"{_V}.intro"),
        _step(f"{_V}.step1"),
        _step(f"{_V}.step2"),
        _text(f"{_V}.ja_wording"),
    ),
    _section(
        f"{_VS}.title",
        # Keys end in the SyncStatus values so a page can pick one status.
        _text(f"{_VS}.last_synced"),
        _text(f"{_VS}.in_progress"),
        _text(f"{_VS}.failed"),
    ),
)

# ---------------------------------------------------------------------------
# Complete
# ---------------------------------------------------------------------------

_COMPLETE = (
    _section(
        "guide.complete.done.title",
        _text("guide.complete.done.text"),
    ),
    _section(
        "guide.complete.more.title",
        _text("guide.complete.more.links"),
    ),
)

GUIDE: dict[StepId, tuple[Section, ...]] = {
    StepId.HOME: _HOME,
    StepId.PREREQUISITES: _PREREQUISITES,
    StepId.TOKEN: _TOKEN,
    StepId.CREDENTIALS: _CREDENTIALS,
    StepId.MAPPINGS: _MAPPINGS,
    StepId.START_SYNC: _START_SYNC,
    StepId.VERIFY: _VERIFY,
    StepId.COMPLETE: _COMPLETE,
}


def status_text_key(status: SyncStatus) -> str:
    """The catalog key explaining one of Marketo's header statuses (Admin → Salesforce)."""
    return f"{_VS}.{status.value}"
