"""Demo inbox content: a few notifications for the portal users seed_demo has created.

Inbox-only (no e-mail), so seeding never fills the mail directory — except a handful of
e-mails that already *failed* (every retry used up over two days), so member services
find something under admin's "发送失败" filter. Failed rows are never picked up by the
sweep; they are only sent if staff press "resend now".
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User

from .models import Notification

MESSAGES = [
    (
        "年度执业培训课程已开放报名",
        "本年度执业培训课程已开放报名，完成规定学时后可在门户下载培训证明。",
        "/portal/",
    ),
    (
        "会费缴纳提醒",
        "您的年度会费尚未缴纳。请在截止日期前通过会员门户完成缴费，如已缴纳请忽略本通知。",
        "/portal/",
    ),
    (
        "律师节健步走活动报名开始",
        "协会将于周末在滨江步道举办健步走活动，欢迎会员携家属参加，名额有限，先到先得。",
        "",
    ),
    (
        "执业信息核对",
        "请登录会员门户核对您的执业机构、业务领域和联系方式，信息有误请联系会员服务部。",
        "/portal/",
    ),
    (
        "公益法律服务时长已记录",
        "您上月登记的公益法律服务时长已审核通过并计入年度统计，感谢您对公益事业的支持。",
        "",
    ),
]

# (error, days ago) for the demo's failed e-mails: what a real relay answers.
FAILURES = [
    ("SMTPRecipientsRefused: {'%s': (550, b'5.1.1 Mailbox does not exist')}", 0.3),
    ("SMTPDataError: (552, b'5.2.2 Mailbox full, message rejected')", 0.8),
    ("SMTPServerDisconnected: Connection unexpectedly closed", 3.5),
]

PER_USER = {"small": 4, "thirtieth": 2, "city": 2}
MAX_USERS = {"small": 200, "thirtieth": 200, "city": 5000}


@transaction.atomic
def seed_notifications(*, scale: str, rng: random.Random) -> None:
    users = list(
        User.objects.filter(is_active=True, is_staff=False)
        .order_by("pk")
        .values_list("pk", flat=True)[: MAX_USERS.get(scale, 200)]
    )
    now = timezone.now()
    rows = []
    for user_id in users:
        for subject, body, url in rng.sample(MESSAGES, PER_USER.get(scale, 4)):
            created = now - timedelta(hours=rng.randint(1, 24 * 60))
            rows.append(
                Notification(
                    recipient_id=user_id,
                    key="notifications_generic",
                    context={"subject": subject, "body": body},
                    url=url,
                    send_email=False,
                    created_at=created,
                    next_attempt_at=created,
                    read_at=created + timedelta(hours=2) if rng.random() < 0.5 else None,
                )
            )
    for (error, days_ago), user_id in zip(
        FAILURES, rng.sample(users, min(3, len(users))), strict=False
    ):
        failed_at = now - timedelta(days=days_ago)
        created = failed_at - timedelta(hours=51, minutes=21)
        email = User.objects.values_list("email", flat=True).get(pk=user_id)
        subject, body, url = MESSAGES[1]
        rows.append(
            Notification(
                recipient_id=user_id,
                key="notifications_generic",
                context={"subject": subject, "body": body},
                url=url,
                send_email=True,
                show_in_inbox=True,
                created_at=created,
                next_attempt_at=failed_at,
                attempts=Notification.MAX_ATTEMPTS,
                last_error=error.replace("%s", email),
                failed_at=failed_at,
            )
        )
    Notification.objects.bulk_create(rows, batch_size=2000)
