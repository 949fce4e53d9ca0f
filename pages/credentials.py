from mktsync_core.models import StepId
from mktsync_core.ui import connection, live_checks, step_page, visibility

step_page.begin(StepId.CREDENTIALS)
step_page.show_guide(StepId.CREDENTIALS)
connection.form(required=True)
live_checks.guard_prerequisites()
visibility.section()
step_page.confirmations(StepId.CREDENTIALS)
step_page.footer(StepId.CREDENTIALS)
