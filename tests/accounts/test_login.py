import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", email="alice@example.org")


def test_member_logs_in_with_username_and_password(client, alice):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": "/queue/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/queue/"
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_wrong_password_shows_an_error_and_does_not_log_in(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Please enter a correct username and password" in response.content.decode()


def test_login_page_offers_password_reset(client, db):
    response = client.get(reverse("login"))
    assert reverse("password_reset") in response.content.decode()


def login(client, username, password, address="10.0.0.1", **extra):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def test_repeated_failed_logins_lock_the_account_with_a_clear_message(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = login(client, "alice", "wrong")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many failed logins" in content
    assert "locked" in content
    # It says when to try again, in the page and for programs.
    assert "Try again after" in content
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    # Even the right password is refused while locked.
    response = login(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_stranger_guessing_cannot_lock_the_member_out_from_elsewhere(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(5):
        login(client, "alice", "wrong", address="203.0.113.9")
    assert login(client, "alice", PASSWORD, address="203.0.113.9").status_code == 429
    response = login(client, "alice", PASSWORD, address="10.0.0.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_one_person_failing_does_not_lock_out_the_lab_behind_the_same_address(
    client, alice, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="bob")
    for _ in range(4):
        login(client, "bob", "forgotten", address="10.0.0.1")
    response = login(client, "alice", PASSWORD, address="10.0.0.1")
    assert response.status_code == 302


def test_an_address_trying_many_accounts_is_locked_for_all_of_them(client, alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    for name in ("a", "b", "c", "d", "e", "f"):
        login(client, name, "guess", address="198.51.100.7")
    response = login(client, "alice", PASSWORD, address="198.51.100.7")
    assert response.status_code == 429
    assert "Try again after" in response.content.decode()
    # Elsewhere alice logs in as usual.
    assert login(client, "alice", PASSWORD, address="10.0.0.1").status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts_and_cannot_be_forged(client, alice, settings):
    # DJANGO_PROXY_COUNT=1: one nginx appends the address it saw to X-Forwarded-For.
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        login(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.5")
    # Forging another left-most address does not escape the lockout.
    response = login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="4.4.4.4, 203.0.113.5")
    assert response.status_code == 429
    # The proxy's own address is not the client's: alice elsewhere is not locked out.
    response = login(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_header_shows_member_links_once_logged_in(client, alice):
    client.force_login(alice)
    content = client.get(reverse("reviews:home")).content.decode()
    assert reverse("profile") in content
    assert reverse("invitation-create") in content
    assert reverse("reviews:review-start") in content
    assert "Log out" in content


def test_password_reset_mails_a_working_link(client, alice, django_capture_on_commit_callbacks):
    # The message goes out through the task queue once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert "Reset your PaperShelf password" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert "Set a new password" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a new long passphrase 42", "new_password2": "a new long passphrase 42"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a new long passphrase 42")


def test_password_reset_for_unknown_address_sends_nothing_but_says_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_member_changes_password(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 7",
            "new_password2": "another long passphrase 7",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("another long passphrase 7")


def test_member_edits_profile_and_presenter(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("profile"),
        {
            "user-first_name": "Alice",
            "user-last_name": "Kim",
            "user-email": "alice@lab.example.org",
            "presenter-name": "Alice Kim",
            "presenter-affiliation": "KAIST",
            "presenter-bio": "Vision transformers.",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.get_full_name() == "Alice Kim"
    assert alice.presenter.affiliation == "KAIST"


def test_profile_needs_login(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
