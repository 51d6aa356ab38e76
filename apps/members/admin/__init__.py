"""Member services' back office: firms, lawyers, dues, roster changes, annual reviews and
honours, reference lists."""

from . import dues, firms, lawyers, records, reference, roster  # noqa: F401 - registers

# Other modules import these names from here.
from .imports import AllOrNothingImportMixin
from .lawyers import PII_FIELDS

__all__ = ["PII_FIELDS", "AllOrNothingImportMixin"]
