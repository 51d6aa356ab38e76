from celery import shared_task

from . import services


@shared_task(name="apps.events.tasks.event_reminders_send")
def event_reminders_send() -> int:
    """Hourly: remind lawyers registered for events starting within 48 hours (once each)."""
    return services.reminders_send()
