from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Hook for allauth; lawyers activate through the licence-number flow in apps.members."""
