"""Forms for members, split like the views: activation, firm pages, roster requests."""

from .activation import LawyerActivationForm
from .firms import FirmContactForm, RosterFilterForm
from .profile import LawyerProfileForm
from .roster import RosterJoinForm, RosterLeaveForm

__all__ = [
    "FirmContactForm",
    "LawyerActivationForm",
    "LawyerProfileForm",
    "RosterFilterForm",
    "RosterJoinForm",
    "RosterLeaveForm",
]
