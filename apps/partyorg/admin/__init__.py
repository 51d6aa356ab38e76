"""Admin for the party-organization registry (party-affairs staff)."""

from . import activities, members, organizations  # noqa: F401 - registers
