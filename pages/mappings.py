from mktsync_core.models import StepId
from mktsync_core.ui import mapping, step_page

step_page.begin(StepId.MAPPINGS)
step_page.show_guide(StepId.MAPPINGS)
mapping.review_section()
step_page.confirmations(StepId.MAPPINGS)
step_page.footer(StepId.MAPPINGS)
