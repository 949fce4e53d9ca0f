from mktsync_core.models import StepId
from mktsync_core.ui import complete, step_page

step_page.begin(StepId.COMPLETE)
complete.summary()
step_page.show_guide(StepId.COMPLETE)
complete.report_downloads()
complete.new_setup()
