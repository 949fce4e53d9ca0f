from mktsync_core.models import StepId
from mktsync_core.ui import duplicates, step_page

step_page.begin(StepId.START_SYNC)
step_page.show_guide(StepId.START_SYNC)
duplicates.scan_panel()
duplicates.forecast_panel()
step_page.confirmations(StepId.START_SYNC)
step_page.footer(StepId.START_SYNC)
