from mktsync_core.models import StepId
from mktsync_core.ui import connection, live_checks, step_page

step_page.begin(StepId.PREREQUISITES)
step_page.show_guide(StepId.PREREQUISITES)
connection.form(required=False)
live_checks.panel()
step_page.confirmations(StepId.PREREQUISITES)
live_checks.blocking_notice()
step_page.footer(StepId.PREREQUISITES)
