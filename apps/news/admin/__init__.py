"""The editors' back office: articles with their workflow, channels, topics, publications."""

from . import articles, channels, contributions, publications  # noqa: F401 - registers
