from mktsync_core.models import StepId
from mktsync_core.ui import connection, step_page

step_page.begin(StepId.PREREQUISITES)
step_page.show_guide(StepId.PREREQUISITES)
connection.form(required=False)
step_page.confirmations(StepId.PREREQUISITES)
step_page.footer(StepId.PREREQUISITES)
