"""Delivery on a real Celery worker (Redis broker), and filing while the broker is down."""

from __future__ import annotations

import pytest
from django.core import mail

from apps.complaints.models import ComplainantMail, Complaint
from apps.complaints.services import complaint_submit
from tests.celery_support import wait_for
from tests.complaints.factories import submit_kwargs


@pytest.mark.celery_worker
def test_confirmation_is_sent_by_a_real_worker_and_the_code_scrubbed(celery_worker):
    submitted = complaint_submit(**submit_kwargs(respondent_text="某律师"))
    row = wait_for(lambda: ComplainantMail.objects.filter(sent_at__isnull=False).first())
    assert submitted.tracking_code not in str(row.context)
    assert any(submitted.tracking_code in m.body for m in mail.outbox)


@pytest.mark.django_db(transaction=True)
def test_filing_works_while_the_broker_is_down(celery_broker_down):
    submitted = complaint_submit(**submit_kwargs(respondent_text="某律师"))
    assert Complaint.objects.filter(pk=submitted.complaint.pk).exists()
    row = ComplainantMail.objects.get()
    assert row.sent_at is None  # the sweep delivers it once the broker is back
