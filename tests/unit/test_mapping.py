"""The mapping review engine over realistic describes: prediction, warnings, edits, CSV, gate."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mktsync_core import registry
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.demo_org.schema import base_objects, fld
from mktsync_core.i18n import LANGS, glossary, t
from mktsync_core.mapping import (
    STANDARD_MAPPINGS,
    CsvProblem,
    CsvProblemKind,
    DropReason,
    EditKind,
    FieldKey,
    LossCause,
    MappingEdit,
    MappingPlan,
    PairReason,
    StandardStatus,
    WarningKind,
    apply_edits,
    build_review,
    edits_between,
    export_csv,
    fetch_review_describes,
    read_csv,
)
from mktsync_core.mapping.csv_io import COLUMNS, MAX_BYTES, MAX_ROWS
from mktsync_core.mapping.present import actions, dropped_text, editor_frame, final_from_editor
from mktsync_core.models import ConfirmationId, StepId, utcnow
from mktsync_core.progress import Progress
from mktsync_core.salesforce import GatewayConfig, ObjectDescribe, SalesforceGateway
from mktsync_core.store import ProgressStore

B, P = EditKind.BREAK, EditKind.PAIR


def describe(name: str, *fields: dict[str, Any]) -> ObjectDescribe:
    standard = [fld("Id", "id", "Record ID"), fld("Email", "email", "Email")]
    return ObjectDescribe.model_validate(
        {"name": name, "label": name, "fields": standard + list(fields)}
    )


def org(lead: list[dict[str, Any]], contact: list[dict[str, Any]]) -> dict[str, ObjectDescribe]:
    return {"Lead": describe("Lead", *lead), "Contact": describe("Contact", *contact)}


SEGMENTS = ("Enterprise", "SMB")

# A realistic pair of objects: every case the review must explain, once.
LEAD = [
    fld("Webinar_Attended__c", "boolean", "Webinar Attended"),
    fld("budget__c", "currency", "Budget", precision=16, scale=0),
    fld("Twitter_Handle__c", "string", "Twitter Handle", length=50),
    fld("Segment__c", "picklist", "Segment", picklist=SEGMENTS),
    fld("Last_Event__c", "datetime", "Last Event"),
    fld("Purchase_Timeframe__c", "string", "Purchase Timeframe", length=40),
    fld("LinkedIn_URL__c", "url", "LinkedIn URL"),
    fld("mkto71_Acquisition_Date__c", "datetime", "Acquisition Date"),
]
CONTACT = [
    fld("Webinar_Attended__c", "boolean", "Webinar Attended"),
    fld("Budget__c", "string", "Budget", length=50),
    fld("Twitter_Handle__c", "string", "Twitter Handle", length=15),
    fld("Segment__c", "picklist", "Segment", picklist=(*SEGMENTS, "Public Sector")),
    fld("Last_Event__c", "date", "Last Event"),
    fld("Buying_Timeframe__c", "string", "Purchase Time-frame", length=40),
    fld("LinkedIn_Profile__c", "url", "LinkedIn Profile"),
    fld("Region__c", "string", "Region", length=1300, formula="'APAC'"),
    fld("mkto71_Acquisition_Date__c", "datetime", "Acquisition Date"),
]


@pytest.fixture
def review():
    return build_review(org(LEAD, CONTACT), MappingPlan())


def pairs(review) -> dict[str, tuple[str, PairReason]]:
    return {p.lead: (p.contact, p.reason) for p in review.proposal}


# ------------------------------------------------------------------ prediction


def test_same_api_names_pair_regardless_of_case_and_similar_labels_pair_too(review):
    assert pairs(review) == {
        "Webinar_Attended__c": ("Webinar_Attended__c", PairReason.SAME_API_NAME),
        "budget__c": ("Budget__c", PairReason.SAME_API_NAME),
        "Twitter_Handle__c": ("Twitter_Handle__c", PairReason.SAME_API_NAME),
        "Segment__c": ("Segment__c", PairReason.SAME_API_NAME),
        "Last_Event__c": ("Last_Event__c", PairReason.SAME_API_NAME),
        "Purchase_Timeframe__c": ("Buying_Timeframe__c", PairReason.SIMILAR_LABEL),
    }
    assert review.unmapped_lead == ["LinkedIn_URL__c"]
    assert review.unmapped_contact == ["LinkedIn_Profile__c", "Region__c"]


def test_standard_and_marketo_step_one_fields_are_not_editable_pairs(review):
    for fields in (review.fields.lead, review.fields.contact):
        assert "Email" not in fields and "mkto71_Acquisition_Date__c" not in fields


def test_each_contact_field_is_proposed_once_the_most_similar_lead_field_wins():
    lead = [
        fld("Industry_Type__c", "string", "Industry Type", length=80),
        fld("Industry_Typ__c", "string", "Industry Typ", length=80),
    ]
    contact = [fld("Industry_Kind__c", "string", "Industry Type", length=80)]
    review = build_review(org(lead, contact), MappingPlan())
    assert pairs(review) == {"Industry_Type__c": ("Industry_Kind__c", PairReason.SIMILAR_LABEL)}


def test_different_names_are_left_unmapped():
    lead = [fld("Internal_Notes__c", "textarea", "Internal Notes", length=32768)]
    contact = [fld("Notes__c", "textarea", "Notes", length=32768)]
    assert build_review(org(lead, contact), MappingPlan()).proposal == ()


def test_planned_hidden_fields_are_left_out_of_the_pairing_and_marked_on_standard_rows():
    hidden = {FieldKey(sobject="Contact", name="Budget__c"), FieldKey(sobject="Lead", name="Email")}
    review = build_review(org(LEAD, CONTACT), MappingPlan(), hidden)
    assert "Budget__c" not in review.fields.contact
    assert "budget__c" in review.unmapped_lead
    email = next(
        r for r in review.standard if r.mapping.sobject == "Lead" and r.mapping.api_name == "Email"
    )
    assert email.status is StandardStatus.PLANNED_HIDDEN


def test_standard_fields_the_sync_user_cannot_see_are_marked(review):
    by_key = {(r.mapping.sobject, r.mapping.api_name): r for r in review.standard}
    assert by_key["Lead", "Email"].status is StandardStatus.SYNCED
    assert by_key["Lead", "Company"].status is StandardStatus.NOT_VISIBLE
    # Account was not described (not visible to the sync user): every Account row says so.
    assert {r.status for r in review.standard if r.mapping.sobject == "Account"} == {
        StandardStatus.NOT_VISIBLE
    }


def test_the_standard_mappings_name_real_fields_and_glossary_labels():
    """§5a's labels mapped to API names the demo org (shaped like a real org) has."""
    objects = base_objects()
    labels = glossary()
    for m in STANDARD_MAPPINGS:
        names = {f["name"] for f in objects[m.sobject].fields}
        assert m.api_name in names, m
        assert m.marketo in labels, m
    assert len(STANDARD_MAPPINGS) == 28 + 20 + 16


# ------------------------------------------------------------------ warnings


def kinds(review, lead: str) -> set[tuple[WarningKind, LossCause | None]]:
    return {(w.kind, w.cause) for w in review.warnings_for(lead)}


def test_each_mismatch_is_found_with_its_reason(review):
    assert kinds(review, "budget__c") == {(WarningKind.TYPE_MISMATCH, None)}
    assert kinds(review, "Twitter_Handle__c") == {(WarningKind.LENGTH_MISMATCH, None)}
    assert kinds(review, "Segment__c") == {(WarningKind.PICKLIST_MISMATCH, None)}
    assert kinds(review, "Last_Event__c") == {(WarningKind.DATA_LOSS, LossCause.TIME)}
    assert kinds(review, "Webinar_Attended__c") == set()
    assert kinds(review, "Purchase_Timeframe__c") == set()


@pytest.mark.parametrize("lang", LANGS)
def test_warnings_explain_themselves_in_both_languages(review, lang):
    length = review.warnings_for("Twitter_Handle__c")[0].text(lang)
    assert "string(50)" in length and "string(15)" in length and "15" in length
    picklist = review.warnings_for("Segment__c")[0].text(lang)
    assert "Public Sector" in picklist
    for warning in review.warnings:
        assert "{" not in warning.text(lang) and warning.short(lang)
    assert ("文字" in length) is (lang == "ja")


def test_pairing_into_a_formula_field_loses_data_and_decimals_are_rounded():
    lead = [
        fld("Region__c", "string", "Region", length=1300),
        fld("Score__c", "double", "Score", precision=18, scale=2),
    ]
    contact = [
        fld("Region__c", "string", "Region", length=1300, formula="'APAC'"),
        fld("Score__c", "double", "Score", precision=18, scale=0),
    ]
    review = build_review(org(lead, contact), MappingPlan())
    assert kinds(review, "Region__c") == {(WarningKind.DATA_LOSS, LossCause.READ_ONLY)}
    assert kinds(review, "Score__c") == {(WarningKind.DATA_LOSS, LossCause.DECIMALS)}


def test_a_contact_field_paired_twice_is_flagged_on_both_pairs(review):
    plan = MappingPlan(edits=(MappingEdit(kind=P, lead="LinkedIn_URL__c", contact="Budget__c"),))
    twice = build_review(org(LEAD, CONTACT), plan)
    flagged = {w.lead for w in twice.warnings if w.kind is WarningKind.PAIRED_TWICE}
    assert flagged == {"budget__c", "LinkedIn_URL__c"}
    assert all(w.params["n"] == 2 for w in twice.warnings if w.kind is WarningKind.PAIRED_TWICE)


# ------------------------------------------------------------------ edits


def test_breaking_a_pair_and_pairing_two_unmapped_fields(review):
    final = dict(review.final, budget__c=None, LinkedIn_URL__c="LinkedIn_Profile__c")
    edits = edits_between(review.proposal, final)
    assert edits == (
        MappingEdit(kind=B, lead="budget__c", contact="Budget__c"),
        MappingEdit(kind=P, lead="LinkedIn_URL__c", contact="LinkedIn_Profile__c"),
    )
    after = build_review(org(LEAD, CONTACT), MappingPlan(edits=edits))
    assert after.final == final
    assert "Budget__c" in after.unmapped_contact and "budget__c" in after.unmapped_lead
    assert not after.warnings_for("budget__c")


def test_repairing_a_proposed_field_with_another_partner_is_a_break_then_a_pair(review):
    final = dict(review.final, budget__c="LinkedIn_Profile__c")
    assert [e.kind for e in edits_between(review.proposal, final)] == [B, P]


@given(st.data())
def test_edits_reproduce_any_final_mapping(data):
    review = build_review(org(LEAD, CONTACT), MappingPlan())
    contacts = [None, *review.fields.contact]
    final = {lead: data.draw(st.sampled_from(contacts)) for lead in review.final}
    edits = edits_between(review.proposal, final)
    assert apply_edits(review.fields, review.proposal, edits) == final
    assert len(edits) == len(set(edits))


def test_the_editor_frame_round_trips_and_a_ticked_break_unmaps(review):
    frame = editor_frame(review, "en")
    assert list(frame.index) == list(review.final)
    assert final_from_editor(review, frame) == review.final
    frame.loc["budget__c", "break"] = True
    frame.loc["LinkedIn_URL__c", "contact"] = "LinkedIn_Profile__c"
    final = final_from_editor(review, frame)
    assert final["budget__c"] is None and final["LinkedIn_URL__c"] == "LinkedIn_Profile__c"
    broken = build_review(
        org(LEAD, CONTACT), MappingPlan(edits=edits_between(review.proposal, final))
    )
    again = editor_frame(broken, "en")
    # A broken pair still shows whom it was paired with, so unticking restores it.
    assert again.loc["budget__c", "break"] and again.loc["budget__c", "contact"] == "Budget__c"
    assert "LinkedIn Profile (LinkedIn_Profile__c)" in frame.loc["LinkedIn_URL__c", "compatible"]


def test_a_refetch_keeps_edits_whose_fields_exist_and_lists_the_others():
    plan = MappingPlan(
        edits=(
            MappingEdit(kind=B, lead="budget__c", contact="Budget__c"),
            MappingEdit(kind=B, lead="Twitter_Handle__c", contact="Twitter_Handle__c"),
            MappingEdit(kind=B, lead="Purchase_Timeframe__c", contact="Buying_Timeframe__c"),
            MappingEdit(kind=P, lead="LinkedIn_URL__c", contact="LinkedIn_Profile__c"),
        )
    )
    # Since then the admin deleted Twitter_Handle__c on Contact and relabelled two fields:
    # Buying_Timeframe__c no longer looks like the Lead field, LinkedIn_Profile__c now does.
    relabelled = {
        "Buying_Timeframe__c": fld("Buying_Timeframe__c", "string", "Decision Window", length=40),
        "LinkedIn_Profile__c": fld("LinkedIn_Profile__c", "url", "LinkedIn URL"),
    }
    contact = [relabelled.get(f["name"], f) for f in CONTACT if f["name"] != "Twitter_Handle__c"]
    review = build_review(org(LEAD, contact), plan)
    assert review.plan.edits == (plan.edits[0],)
    assert {(d.edit.lead, d.reason) for d in review.plan.dropped} == {
        ("Twitter_Handle__c", DropReason.FIELD_GONE),
        ("Purchase_Timeframe__c", DropReason.NOT_PROPOSED),
        ("LinkedIn_URL__c", DropReason.ALREADY_PROPOSED),
    }
    for lang in LANGS:
        assert all("{" not in dropped_text(review, d, lang) for d in review.plan.dropped)
    # Reconciling again changes nothing: the set-aside list does not grow on every rerun.
    assert build_review(org(LEAD, contact), review.plan).plan == review.plan


def test_saved_edits_hold_api_names_only():
    with pytest.raises(ValidationError):
        MappingEdit(kind=P, lead="x; DROP", contact="Budget__c")
    with pytest.raises(ValidationError):
        MappingEdit(kind=P, lead="password=hunter2", contact="Budget__c")


# ------------------------------------------------------------------ actions


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            ("Edit Mappings", "Break Mapping", "drag", "Unmapped Custom Fields", "Finish Mappings"),
        ),
        (
            "ja",
            (
                "マッピングを編集",
                "マッピングを解除",
                "ドラッグ",
                "マッピングされていない",
                "マッピングを終了",
            ),
        ),
    ],
)
def test_the_action_list_is_phrased_for_marketos_mapping_screen(review, lang, words):
    final = dict(review.final, budget__c=None, LinkedIn_URL__c="LinkedIn_Profile__c")
    plan = MappingPlan(edits=edits_between(review.proposal, final))
    steps = actions(build_review(org(LEAD, CONTACT), plan), lang)
    assert len(steps) == 4
    assert words[0] in steps[0] and words[-1] in steps[-1]
    assert words[1] in steps[1] and "Budget (budget__c)" in steps[1]
    assert words[2] in steps[2] and words[3] in steps[2]
    assert "LinkedIn URL (LinkedIn_URL__c)" in steps[2]
    assert "LinkedIn Profile (LinkedIn_Profile__c)" in steps[2]
    assert actions(review, lang) == [t("mapping.action.none", lang)]


# ------------------------------------------------------------------ CSV


def edited(review):
    final = dict(review.final, budget__c=None, LinkedIn_URL__c="LinkedIn_Profile__c")
    return build_review(
        org(LEAD, CONTACT), MappingPlan(edits=edits_between(review.proposal, final))
    )


def test_csv_round_trip_gives_back_the_same_edits(review):
    mine = edited(review)
    data = export_csv(mine)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    plan = read_csv(data, review)
    assert isinstance(plan, MappingPlan)
    assert plan.edits == mine.plan.edits


def test_csv_labels_cannot_run_as_spreadsheet_formulas():
    lead = [fld("Evil__c", "string", '=HYPERLINK("x")', length=10)]
    review = build_review(org(lead, []), MappingPlan())
    assert "'=HYPERLINK" in export_csv(review).decode("utf-8-sig")


def csv_bytes(*rows: str, header: str = ",".join(COLUMNS)) -> bytes:
    return "\r\n".join([header, *rows]).encode()


@pytest.mark.parametrize(
    ("data", "kind", "named"),
    [
        (b"", CsvProblemKind.EMPTY, None),
        (csv_bytes(), CsvProblemKind.EMPTY, None),
        (csv_bytes("a,b", header="lead,contact"), CsvProblemKind.COLUMNS, "lead, contact"),
        (csv_bytes("Nope__c,Budget__c,,,,"), CsvProblemKind.UNKNOWN_FIELDS, "Nope__c"),
        (csv_bytes(",Ghost__c,,,,"), CsvProblemKind.UNKNOWN_FIELDS, "Ghost__c"),
        (
            csv_bytes("Segment__c,,,,,", "Segment__c,Budget__c,,,,"),
            CsvProblemKind.DUPLICATE_LEAD,
            "Segment__c",
        ),
        (csv_bytes("Segment__c,,,,"), CsvProblemKind.MALFORMED, "2"),
        # Python's csv refuses a field over its size limit: reported by line, in the user's words
        (b"lead_field,contact_field\n" + b"x" * 140_000, CsvProblemKind.MALFORMED, "2"),
        ("lead_field,予算".encode("cp932"), CsvProblemKind.ENCODING, None),
        (b"x" * (MAX_BYTES + 1), CsvProblemKind.TOO_LARGE, None),
        (csv_bytes(*["Segment__c,,,,,"] * (MAX_ROWS + 1)), CsvProblemKind.TOO_LARGE, None),
    ],
)
def test_bad_csvs_are_refused_with_a_clear_message(review, data, kind, named):
    problem = read_csv(data, review)
    assert isinstance(problem, CsvProblem)
    assert problem.kind is kind
    for lang in LANGS:
        text = problem.text(lang)
        assert text and "{" not in text
        if named:
            assert named in text


def test_a_refused_import_leaves_the_saved_edits_alone(review, data_dir):
    store = ProgressStore()
    mine = edited(review)
    progress = registry.record_mapping_plan(Progress(setup_id="setup-map-1"), mine.plan)
    store.save(progress)
    problem = read_csv(
        csv_bytes("Nope__c,,,,,"), build_review(org(LEAD, CONTACT), progress.mapping)
    )
    assert isinstance(problem, CsvProblem)
    assert store.load("setup-map-1").progress.mapping == mine.plan


# ------------------------------------------------------------------ gate and progress


def with_mapping_confirmations(progress: Progress) -> Progress:
    confirmations = dict(progress.confirmations)
    confirmations.update({c.id: utcnow() for c in registry.step(StepId.MAPPINGS).confirmations})
    return progress.model_copy(update={"confirmations": confirmations})


def test_the_gate_states_the_number_of_edits_and_the_reset_schema_warning(review):
    progress = registry.record_mapping_plan(Progress(setup_id="setup-map-2"), edited(review).plan)
    for c in registry.step(StepId.MAPPINGS).confirmations:
        params = registry.confirmation_params(c, progress)
        assert params == {"n": 2}
        for lang in LANGS:
            label = t(f"confirm.{c.id}.label", lang, **params)
            assert "2" in label and "{" not in label
    for lang, reset in (("en", "Reset Schema"), ("ja", "スキーマをリセット")):
        consequence = t("confirm.mappings.last_chance.consequence", lang, n=2)
        assert reset in consequence and "2" in consequence


def test_new_edits_withdraw_the_mapping_confirmations_and_the_same_edits_do_not(review):
    plan = edited(review).plan
    progress = with_mapping_confirmations(
        registry.record_mapping_plan(Progress(setup_id="setup-map-3"), plan)
    )
    kept = registry.record_mapping_plan(progress, plan.model_copy(update={"dropped": ()}))
    assert ConfirmationId.MAPPINGS_LAST_CHANCE in kept.confirmations
    changed = registry.record_mapping_plan(progress, MappingPlan(edits=plan.edits[:1]))
    assert ConfirmationId.MAPPINGS_LAST_CHANCE not in changed.confirmations
    assert ConfirmationId.MAPPINGS_CONFIRM_CLICKED not in changed.confirmations
    assert changed.mapping.edits == plan.edits[:1]


def test_mapping_edits_survive_the_progress_store(review, data_dir):
    store = ProgressStore()
    plan = edited(review).plan
    store.save(Progress(setup_id="setup-map-4", mapping=plan))
    assert store.load("setup-map-4").progress.mapping == plan


# ------------------------------------------------------------------ demo org, end to end


def test_the_demo_org_review_costs_one_api_call_and_shows_every_case(no_network):
    gateway = SalesforceGateway(demo_session(DemoOrg()), GatewayConfig(sleep=lambda _: None))
    gateway.login(SCENARIOS[Scenario.HEALTHY].credentials())
    with gateway.counting() as used:
        described = fetch_review_describes(gateway)
    assert (used.api_calls, used.round_trips) == (1, 1)
    assert not isinstance(described, Exception) and not described.errors
    review = build_review(described.objects, MappingPlan())
    found = {w.kind for w in review.warnings}
    assert {
        WarningKind.TYPE_MISMATCH,
        WarningKind.LENGTH_MISMATCH,
        WarningKind.PICKLIST_MISMATCH,
        WarningKind.DATA_LOSS,
    } <= found
    reasons = {p.reason for p in review.proposal}
    assert reasons == {PairReason.SAME_API_NAME, PairReason.SIMILAR_LABEL}
    assert "LinkedIn_URL__c" in review.unmapped_lead
    assert "LinkedIn_Profile__c" in review.unmapped_contact
    assert all(r.status is StandardStatus.SYNCED for r in review.standard)
