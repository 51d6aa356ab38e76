"""Public figures: how many individual members and member firms there are."""

from __future__ import annotations

from django.core.cache import cache

from ..models import LawFirm, Lawyer

MEMBER_COUNTS_CACHE_KEY = "members:counts:v1"
# Short enough that a count is never stale for long even if an invalidation is missed
# (bulk writes bypass the signals that delete the key).
MEMBER_COUNTS_TTL = 10 * 60


def member_counts() -> dict[str, int]:
    """{'lawyers': practising individual members, 'firms': active member firms}.

    Cached; the key is deleted whenever a lawyer, firm or membership is saved or deleted
    (apps.members.signals) and expires after MEMBER_COUNTS_TTL regardless.
    """
    counts = cache.get(MEMBER_COUNTS_CACHE_KEY)
    if counts is None:
        counts = {
            "lawyers": Lawyer.objects.individual_members().count(),
            "firms": LawFirm.objects.member_firms().count(),
        }
        cache.set(MEMBER_COUNTS_CACHE_KEY, counts, MEMBER_COUNTS_TTL)
    return counts


def member_counts_invalidate() -> None:
    cache.delete(MEMBER_COUNTS_CACHE_KEY)
