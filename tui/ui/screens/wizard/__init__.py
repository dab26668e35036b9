"""The CloudPond order wizard (`n` on a CloudPond profile)."""

from tui.ui.screens.wizard.screen import OrderWizard, WizardOutcome

__all__ = ["OrderWizard", "WizardOutcome"]
