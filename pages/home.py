from mktsync_core.models import Answer, StepId
from mktsync_core.ui import home, step_page

step_page.begin(StepId.HOME)
step_page.show_guide(StepId.HOME)
home.choice(Answer.EDITION)
home.choice(Answer.MODE)
home.demo_scenario()
home.overview()
home.reset_section()
