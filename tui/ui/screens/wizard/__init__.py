"""The CloudPond order wizard (`n` on a CloudPond profile)."""

from tui.ui.screens.wizard.screen import OrderWizard
from tui.ui.screens.wizard.submit import WizardOutcome

__all__ = ["OrderWizard", "WizardOutcome"]
