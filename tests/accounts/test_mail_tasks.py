"""E-mail goes out through the task queue, once, and is retried when the mail server is away."""

import smtplib

import pytest
from django.core import mail

from accounts import tasks


def test_a_message_is_sent_once(db):
    assert tasks.send_email.call(subject="Hello", body="Body", to=["a@example.org"]) == "sent"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.org"]


def test_an_unreachable_mail_server_means_a_later_try_not_a_lost_message(db, settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def down(self, fail_silently=False):
        raise smtplib.SMTPConnectError(421, "try later")

    monkeypatch.setattr(tasks.EmailMultiAlternatives, "send", down)
    outcome = tasks.send_email.call(subject="Hello", body="Body", to=["a@example.org"])
    assert outcome == "retrying"
    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.args_kwargs["kwargs"]["to"] == ["a@example.org"]


def test_after_the_last_try_the_failure_is_raised_for_the_task_list(db, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def down(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(tasks.EmailMultiAlternatives, "send", down)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.send_email.call(subject="Hi", body="B", to=["a@example.org"], attempt=5)


def test_a_refused_address_is_not_retried(db, settings, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def refused(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")})

    monkeypatch.setattr(tasks.EmailMultiAlternatives, "send", refused)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        tasks.send_email.call(subject="Hi", body="B", to=["a@example.org"])
    assert not DBTaskResult.objects.exists()
