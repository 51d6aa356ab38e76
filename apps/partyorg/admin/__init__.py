"""Admin for the party-organization registry (party-affairs staff)."""

from . import activities, members, organizations, responsibility  # noqa: F401 - registers
