"""What members contributes to pages other apps own (``apps.core.panels``).

One sub-module per panel (``dues`` — the lawyer's dues for this fee year on the portal
home); each has a ``panels_register()`` that ``MembersConfig.ready()`` calls.
"""
