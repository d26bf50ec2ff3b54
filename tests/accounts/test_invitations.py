from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from tests.factories import InvitationFactory, PresenterFactory, UserFactory

NEW_MEMBER = {
    "username": "newbie",
    "first_name": "Min",
    "last_name": "Park",
    "email": "min@example.org",
    "password1": "a long enough passphrase 1",
    "password2": "a long enough passphrase 1",
}


def accept_url(invitation):
    return reverse("invitation-accept", args=[invitation.token])


def test_valid_invitation_creates_the_account_and_logs_in(client, db):
    invitation = InvitationFactory()
    response = client.post(accept_url(invitation), NEW_MEMBER)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newbie")
    assert user.check_password("a long enough passphrase 1")
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.used_by == user
    assert invitation.used_at is not None


def test_joining_creates_the_members_presenter(client, db):
    client.post(accept_url(InvitationFactory()), NEW_MEMBER)
    user = get_user_model().objects.get(username="newbie")
    assert user.presenter.name == "Min Park"


def test_invitation_for_a_past_presenter_links_the_new_account_to_it(client, db):
    past = PresenterFactory(name="Min Park")
    invitation = InvitationFactory(presenter=past)
    page = client.get(accept_url(invitation)).content.decode()
    assert "takes over the presenter profile of Min Park" in page
    client.post(accept_url(invitation), NEW_MEMBER)
    past.refresh_from_db()
    assert past.user.username == "newbie"


def test_invitee_cannot_choose_a_past_presenter(client, db):
    past = PresenterFactory(name="Famous Speaker")
    page = client.get(accept_url(InvitationFactory())).content.decode()
    assert 'name="presenter"' not in page
    assert "Famous Speaker" not in page
    client.post(accept_url(InvitationFactory()), {**NEW_MEMBER, "presenter": past.pk})
    past.refresh_from_db()
    assert past.user is None
    assert get_user_model().objects.get(username="newbie").presenter != past


def test_staff_invite_a_past_presenter_without_account(client, db):
    past = PresenterFactory(name="Min Park")
    taken = PresenterFactory(name="Taken Speaker", user=UserFactory())
    client.force_login(UserFactory(is_staff=True))
    page = client.get(reverse("invitation-create")).content.decode()
    assert "Min Park" in page
    assert "Taken Speaker" not in page
    client.post(reverse("invitation-create"), {"email": "", "note": "", "presenter": past.pk})
    assert Invitation.objects.get().presenter == past
    response = client.post(
        reverse("invitation-create"), {"email": "", "note": "", "presenter": taken.pk}
    )
    assert response.status_code == 200
    assert Invitation.objects.count() == 1


def test_member_is_not_offered_past_presenters_when_inviting(client, db):
    PresenterFactory(name="Min Park")
    client.force_login(UserFactory())
    page = client.get(reverse("invitation-create")).content.decode()
    assert 'name="presenter"' not in page
    assert "Min Park" not in page


def test_member_cannot_attach_a_past_presenter_to_an_invitation_by_a_forged_post(client, db):
    past = PresenterFactory(name="Min Park")
    client.force_login(UserFactory())
    client.post(reverse("invitation-create"), {"email": "", "note": "", "presenter": past.pk})
    assert Invitation.objects.get().presenter is None


def test_only_staff_invitations_may_take_over_a_past_presenter(db):
    from accounts import services

    past = PresenterFactory(name="Min Park")
    with pytest.raises(PermissionDenied):
        services.create_invitation(
            created_by=UserFactory(), presenter=past, accept_url_for=lambda invitation: ""
        )
    assert not Invitation.objects.exists()


def test_presenter_claimed_after_the_invitation_was_made_is_not_taken_over(client, db):
    past = PresenterFactory(name="Min Park")
    invitation = InvitationFactory(presenter=past)
    owner = UserFactory()
    past.user = owner
    past.save()
    client.post(accept_url(invitation), NEW_MEMBER)
    past.refresh_from_db()
    assert past.user == owner
    assert get_user_model().objects.get(username="newbie").presenter.name == "Min Park"


def test_used_invitation_is_refused(client, db):
    invitation = InvitationFactory(used_at=timezone.now(), used_by=UserFactory())
    response = client.get(accept_url(invitation))
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    response = client.post(accept_url(invitation), NEW_MEMBER)
    assert response.status_code == 410
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_invitation_works_only_once(client, db):
    invitation = InvitationFactory()
    client.post(accept_url(invitation), NEW_MEMBER)
    client.logout()
    second = {**NEW_MEMBER, "username": "another", "email": "another@example.org"}
    response = client.post(accept_url(invitation), second)
    assert response.status_code == 410
    assert not get_user_model().objects.filter(username="another").exists()


def test_expired_invitation_is_refused(client, db):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(accept_url(invitation), NEW_MEMBER)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_unknown_invitation_token_is_not_found(client, db):
    response = client.get(reverse("invitation-accept", args=["not-a-token"]))
    assert response.status_code == 404


def test_there_is_no_open_sign_up(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 404


def test_member_creates_an_invitation_and_sees_its_link(client, db):
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("invitation-create"), {"email": "", "note": "for Min"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(created_by=member)
    page = client.get(response["Location"]).content.decode()
    assert accept_url(invitation) in page
    assert invitation.is_usable


def test_invitation_with_an_address_is_mailed(client, db, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(first_name="Alice"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("invitation-create"), {"email": "min@example.org", "note": ""})
    invitation = Invitation.objects.get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["min@example.org"]
    assert accept_url(invitation) in mail.outbox[0].body


def test_invitation_expires_after_the_configured_days(db, settings):
    settings.INVITATION_VALID_DAYS = 3
    invitation = InvitationFactory()
    assert timedelta(days=2, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=3)


@pytest.mark.parametrize("url_name", ["invitation-create"])
def test_visitor_cannot_invite(client, db, url_name):
    response = client.post(reverse(url_name), {"email": "x@example.org"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Invitation.objects.exists()
