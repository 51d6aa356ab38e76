from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def consultation_acknowledge(consultation_id: int) -> bool:
    """E-mail the acknowledgement; the claim makes a retry or duplicate a no-op."""
    from .services.mail import consultation_acknowledge_send

    return consultation_acknowledge_send(consultation_id=consultation_id)


@shared_task
def search_reindex_all() -> dict[str, int]:
    """Nightly: rebuild the lookup entries (catches bulk writes that skipped signals)."""
    from .services.search import search_reindex_all as reindex

    return reindex()


@shared_task(acks_late=True)
def overseas_guide_build(run_id: int) -> bool:
    """Build the printable guide (PDF + xlsx); a duplicate delivery finds it claimed."""
    from .services.guides import guide_build

    return guide_build(run_id=run_id)


@shared_task(acks_late=True)
def legalservices_retention() -> dict[str, int]:
    """Daily: anonymise consultation and mediation requests past the retention period."""
    from .services.retention import requests_anonymise_expired

    return requests_anonymise_expired()
