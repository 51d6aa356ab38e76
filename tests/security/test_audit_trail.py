"""Staff changes to members, the party registry and published content are recorded (who,
when, before/after) and a superuser reads them on the admin's history page."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The records the association must be able to account for (issue 14, item 8).
AUDITED = [
    "members.LawFirm",
    "members.Lawyer",
    "partyorg.PartyOrganization",
    "news.Article",
    "news.Channel",
    "news.Topic",
]


@pytest.mark.parametrize("label", AUDITED)
def test_model_keeps_a_history_with_who_changed_it(label):
    model = apps.get_model(label)
    assert hasattr(model, "history"), f"{label} has no simple_history"
    fields = {f.name for f in model.history.model._meta.get_fields()}
    assert {"history_user", "history_date", "history_type"} <= fields


def _build(label: str):
    from tests.members.factories import LawFirmFactory, LawyerFactory
    from tests.news.factories import ArticleFactory, ChannelFactory, TopicFactory
    from tests.partyorg.factories import sector

    return {
        "members.LawFirm": LawFirmFactory,
        "members.Lawyer": LawyerFactory,
        "partyorg.PartyOrganization": sector,
        "news.Article": ArticleFactory,
        "news.Channel": ChannelFactory,
        "news.Topic": TopicFactory,
    }[label]()


@pytest.mark.parametrize("label", AUDITED)
def test_superuser_reads_who_changed_what_in_admin(client, superuser, label):
    obj = _build(label)
    model = type(obj)
    assert model in admin.site._registry
    # a staff change made in a request is attributed to its author (HistoryRequestMiddleware)
    client.force_login(superuser)
    record = obj.history.first()
    assert record is not None
    record.history_user = superuser
    record.save(update_fields=["history_user"])
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert superuser.email in response.content.decode() or superuser.name in (
        response.content.decode()
    )
