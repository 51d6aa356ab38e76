"""seed_partyorg on the members demo: a registry that keeps its own rules."""

from __future__ import annotations

import random

import pytest
from django.db.models import Count

from apps.members.demo import seed_members
from apps.partyorg.demo import seed_partyorg
from apps.partyorg.models import OrgKind, PartyMember, PartyOrganization
from apps.partyorg.selectors import party_statistics_compute

pytestmark = pytest.mark.django_db


def test_small_demo_builds_a_registry_that_follows_its_rules():
    seed_members(scale="small", rng=random.Random("members"))
    seed_partyorg(scale="small", rng=random.Random("party"))
    stats = party_statistics_compute()
    assert stats.organizations_total >= 10
    assert stats.by_kind["joint_branch"] >= 2
    assert stats.org_coverage.percent == 100
    assert stats.work_coverage.percent == 100
    assert 25 < stats.member_share.percent < 60
    joint = PartyOrganization.objects.filter(kind=OrgKind.JOINT_BRANCH).annotate(
        n=Count("firm_links")
    )
    assert all(org.n >= 2 for org in joint)
    top = PartyOrganization.objects.top_level().exclude(kind=OrgKind.JOINT_BRANCH)
    assert all(n == 1 for n in top.annotate(n=Count("firm_links")).values_list("n", flat=True))
    # Seeding again adds nothing.
    members = PartyMember.objects.count()
    seed_partyorg(scale="small", rng=random.Random("party"))
    assert PartyMember.objects.count() == members
