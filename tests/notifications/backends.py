"""An e-mail backend that behaves like an SMTP relay that is down: every send raises.

Real enough for the retry logic (it raises what smtplib raises when the server hangs up)
and, unlike a closed port, it needs no network and no timeout.
"""

from __future__ import annotations

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")
