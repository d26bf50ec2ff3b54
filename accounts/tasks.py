"""E-mail, sent by the task queue: a slow or unreachable mail server never holds up a request."""

import smtplib

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

from reviews.tasks import retry_later

#: Failures of the mail server worth another try later; a refused address is not one.
TRANSIENT_MAIL_ERRORS = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
)


@task()
def send_email(
    subject: str,
    body: str,
    to: list[str],
    html_body: str = "",
    headers: dict | None = None,
    attempt: int = 1,
) -> str:
    """Send one message. A transient failure means nothing was sent, so the retry cannot send
    it twice."""
    message = EmailMultiAlternatives(subject, body, None, to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    try:
        message.send(fail_silently=False)
    except TRANSIENT_MAIL_ERRORS:
        kwargs = {"subject": subject, "body": body, "to": to, "html_body": html_body}
        if retry_later(send_email, attempt=attempt, headers=headers, **kwargs):
            return "retrying"
        raise
    return "sent"


def send_email_after_commit(**kwargs) -> None:
    """Queue the message once the transaction that caused it commits (never for a change that
    is rolled back), whatever the backend."""
    transaction.on_commit(lambda: send_email.enqueue(**kwargs))
