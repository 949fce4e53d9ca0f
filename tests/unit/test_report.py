"""The setup report: complete, valid against its model, in both languages, and free of secrets."""

import json

import pytest

from mktsync_core import i18n, registry
from mktsync_core.checks import run_prerequisite_checks
from mktsync_core.demo_org import SCENARIOS, DemoOrg, Scenario, demo_session
from mktsync_core.duplicates import run_scan
from mktsync_core.mapping.models import EditKind, MappingEdit, MappingPlan
from mktsync_core.models import Edition, Mode, StepId, SyncStatus, VerifiedConnection, utcnow
from mktsync_core.progress import Progress
from mktsync_core.report import SetupReport, build_report, to_markdown
from mktsync_core.salesforce import SalesforceGateway
from mktsync_core.troubleshooting import Recheck
from mktsync_core.visibility import VisibilityPlan, build_audit, fetch_describes

SPEC = SCENARIOS[Scenario.HEALTHY]
SECRETS = [SPEC.password.get_secret_value(), SPEC.security_token.get_secret_value()]


@pytest.fixture(scope="module")
def finished() -> Progress:
    """A setup done end to end against the demo org, with a troubleshooting re-check."""
    gw = SalesforceGateway(demo_session(DemoOrg()))
    login = gw.login(SPEC.credentials())
    org = gw.organization()
    connection = VerifiedConnection(
        org_id=login.org_id,
        org_name=org.name,
        organization_type=org.organization_type,
        sandbox=org.is_sandbox,
        user_id=login.user_id,
        username=login.username,
        instance_host=login.instance_host,
    )
    progress = Progress(
        setup_id="report-test-1",
        mode=Mode.DEMO,
        edition=Edition.PROFESSIONAL,
        connection=connection,
        prerequisite_checks=run_prerequisite_checks(gw, Edition.PROFESSIONAL),
        verify_status=SyncStatus.LAST_SYNCED,
        verify_recheck=Recheck(report=run_prerequisite_checks(gw, Edition.PROFESSIONAL)),
        duplicate_scan=run_scan(gw).summary(),
    )
    audit = build_audit(fetch_describes(gw), org_id=login.org_id, user_id=login.user_id)
    hide = sorted(f.key for f in audit.fields if f.creates_new and f.custom)[:2]
    plan = VisibilityPlan(audit=audit, hide=frozenset(hide), kept=frozenset(hide[1:]))
    mapping = MappingPlan(
        edits=(MappingEdit(kind=EditKind.BREAK, lead="Region__c", contact="Region__c"),)
    )
    progress = progress.model_copy(update={"visibility": plan, "mapping": mapping})
    confirmations = {c.id: utcnow() for s in registry.STEPS for c in registry.asked(s.id, progress)}
    return progress.model_copy(update={"confirmations": confirmations})


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_report_holds_the_whole_setup(finished, lang):
    report = build_report(finished, lang)
    assert [s.status for s in report.steps] == [
        registry.status(s.id, finished) for s in registry.STEPS
    ]
    assert report.steps[registry.number(StepId.PREREQUISITES)].status.value == "done"
    assert {c.id for c in report.confirmations} == set(finished.confirmations)
    assert report.org.org_name == "Demo Corp (mktsync)" and report.org.username == SPEC.username
    assert len(report.prerequisite_checks.results) == len(finished.prerequisite_checks.results)
    assert all(r.title and r.finding for r in report.prerequisite_checks.results)
    # two runs of the prerequisite checks (one composite each) and the quick duplicate scan
    assert report.api_calls_used == 2 + finished.duplicate_scan.api_calls
    assert report.duplicates == finished.duplicate_scan
    assert report.troubleshooting_findings
    fields = report.fields
    assert fields.new_marketo_fields == finished.visibility.audit.counts()
    assert [h.outcome.value for h in fields.hides] == ["planned", "kept_visible"]
    assert [(e.kind.value, e.lead_field) for e in report.mapping_edits] == [("break", "Region__c")]


def test_the_json_is_valid_against_its_model(finished):
    report = build_report(finished, "ja")
    text = report.model_dump_json(indent=2)
    assert SetupReport.model_validate_json(text) == report
    assert json.loads(text)["setup_id"] == "report-test-1"


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "# Marketo–Salesforce"), ("ja", "# Marketo と")]
)
def test_the_markdown_reads_in_the_users_language(finished, lang, heading):
    text = to_markdown(build_report(finished, lang), lang)
    assert text.startswith(heading)
    assert "`C6.lead.mkto71_Lead_Score__c`" in text
    assert i18n.t("report.md.duplicates", lang) in text
    assert i18n.t("report.md.fields", lang) in text and i18n.t("report.md.mapping", lang) in text
    assert "`Region__c`" in text
    assert text.count("\n- ") >= len(finished.confirmations)


def test_no_secret_in_either_form(finished):
    for lang in ("en", "ja"):
        report = build_report(finished, lang)
        for text in (report.model_dump_json(), to_markdown(report, lang)):
            for secret in SECRETS:
                assert secret not in text
