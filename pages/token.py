from mktsync_core.models import StepId
from mktsync_core.ui import connection, step_page

step_page.begin(StepId.TOKEN)
step_page.show_guide(StepId.TOKEN)
connection.token_status()
step_page.confirmations(StepId.TOKEN)
step_page.footer(StepId.TOKEN)
