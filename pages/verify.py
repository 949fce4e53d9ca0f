from mktsync_core.models import StepId
from mktsync_core.ui import step_page, verify

step_page.begin(StepId.VERIFY)
step_page.show_guide(StepId.VERIFY)
verify.status_check()
verify.marketo_section()
step_page.footer(StepId.VERIFY)
