import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Nomination, Paper, Vote
from reviews.services import queue
from tests.factories import (
    NominationFactory,
    PaperFactory,
    PresenterFactory,
    UserFactory,
    VoteFactory,
)


@pytest.fixture
def paper(db):
    return PaperFactory(title="Attention Is All You Need")


def test_member_nominates_a_paper_with_a_reason_and_their_vote(member_client, member, paper):
    response = member_client.post(
        reverse("reviews:nomination-create", args=[paper.slug]), {"reason": "Transformers!"}
    )
    assert response["Location"] == reverse("reviews:queue")
    nomination = Nomination.objects.get()
    assert nomination.nominated_by == member
    assert nomination.reason == "Transformers!"
    assert list(nomination.votes.values_list("user", flat=True)) == [member.pk]


def test_a_paper_is_nominated_only_once(member_client, paper):
    NominationFactory(paper=paper)
    response = member_client.post(
        reverse("reviews:nomination-create", args=[paper.slug]), follow=True
    )
    assert Nomination.objects.count() == 1
    assert "already in the reading queue" in response.content.decode()


def test_member_votes_once(member_client, member, paper):
    nomination = NominationFactory(paper=paper)
    url = reverse("reviews:nomination-vote", args=[nomination.pk])
    member_client.post(url)
    response = member_client.post(url, follow=True)
    assert Vote.objects.filter(nomination=nomination, user=member).count() == 1
    assert "already voted" in response.content.decode()


def test_member_withdraws_their_vote(member_client, member, paper):
    nomination = NominationFactory(paper=paper)
    VoteFactory(nomination=nomination, user=member)
    member_client.post(
        reverse("reviews:nomination-vote", args=[nomination.pk]), {"action": "withdraw"}
    )
    assert not Vote.objects.filter(nomination=nomination).exists()


def test_withdrawing_touches_only_my_vote(member_client, paper):
    nomination = NominationFactory(paper=paper)
    VoteFactory(nomination=nomination)
    member_client.post(
        reverse("reviews:nomination-vote", args=[nomination.pk]), {"action": "withdraw"}
    )
    assert nomination.votes.count() == 1


def test_voting_on_a_scheduled_nomination_is_refused(db, paper):
    nomination = NominationFactory(
        paper=paper, status="scheduled", scheduled_for=datetime.date(2030, 1, 1)
    )
    with pytest.raises(ValidationError):
        queue.vote(nomination=nomination, user=UserFactory())


def test_queue_ranks_nominations_by_votes_then_age(member_client):
    quiet = NominationFactory(paper=PaperFactory(title="Quiet paper"))
    popular = NominationFactory(paper=PaperFactory(title="Popular paper"))
    middling = NominationFactory(paper=PaperFactory(title="Middling paper"))
    for _ in range(3):
        VoteFactory(nomination=popular)
    VoteFactory(nomination=middling)
    response = member_client.get(reverse("reviews:queue"))
    assert [n.pk for n in response.context["nominations"]] == [popular.pk, middling.pk, quiet.pk]
    content = response.content.decode()
    assert content.index("Popular paper") < content.index("Middling paper")
    assert content.index("Middling paper") < content.index("Quiet paper")


def test_queue_shows_withdraw_for_my_votes(member_client, member, paper):
    nomination = NominationFactory(paper=paper)
    content = member_client.get(reverse("reviews:queue")).content.decode()
    assert "Withdraw my vote" not in content
    VoteFactory(nomination=nomination, user=member)
    content = member_client.get(reverse("reviews:queue")).content.decode()
    assert "Withdraw my vote" in content


def test_queue_query_budget(member_client, django_assert_max_num_queries):
    for _ in range(5):
        VoteFactory(nomination=NominationFactory())
    with django_assert_max_num_queries(6):
        member_client.get(reverse("reviews:queue"))


def test_staff_schedule_a_nomination_with_presenter_and_date(staff_client, paper):
    nomination = NominationFactory(paper=paper)
    presenter = PresenterFactory(name="Lee Presenter")
    response = staff_client.post(
        reverse("reviews:nomination-schedule", args=[nomination.pk]),
        {
            f"n{nomination.pk}-presenter": presenter.pk,
            f"n{nomination.pk}-scheduled_for": "2030-05-02",
        },
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    paper.refresh_from_db()
    assert nomination.status == Nomination.Status.SCHEDULED
    assert nomination.presenter == presenter
    assert nomination.scheduled_for == datetime.date(2030, 5, 2)
    assert paper.status == Paper.Status.SCHEDULED
    queue_page = staff_client.get(reverse("reviews:queue")).content.decode()
    assert "Lee Presenter" in queue_page


def test_members_cannot_schedule(member_client, paper):
    nomination = NominationFactory(paper=paper)
    response = member_client.post(
        reverse("reviews:nomination-schedule", args=[nomination.pk]),
        {f"n{nomination.pk}-scheduled_for": "2030-05-02"},
    )
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.OPEN


def test_scheduling_in_the_admin_schedules_the_paper(staff_client, paper):
    nomination = NominationFactory(paper=paper)
    response = staff_client.post(
        reverse("admin:reviews_nomination_change", args=[nomination.pk]),
        {
            "paper": paper.pk,
            "nominated_by": nomination.nominated_by.pk,
            "reason": "",
            "status": "scheduled",
            "presenter": "",
            "scheduled_for": "2030-05-02",
            "votes-TOTAL_FORMS": "0",
            "votes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.status == Paper.Status.SCHEDULED


def test_visitor_is_sent_to_login_from_the_reading_queue(client, paper):
    NominationFactory(paper=paper, reason="Secret motive of a member")
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_header_links_the_reading_queue_only_for_members(client, member_client, db):
    queue_link = f'href="{reverse("reviews:queue")}"'
    assert queue_link in member_client.get(reverse("reviews:home")).content.decode()
    client.logout()
    assert queue_link not in client.get(reverse("reviews:home")).content.decode()


def test_staff_queue_has_one_schedule_form_per_nomination_with_unique_ids(staff_client, db):
    nominations = [NominationFactory() for _ in range(3)]
    PresenterFactory(name="Lee Presenter")
    content = staff_client.get(reverse("reviews:queue")).content.decode()
    assert 'id="id_presenter"' not in content
    for nomination in nominations:
        assert content.count(f'id="id_n{nomination.pk}-presenter"') == 1
        assert content.count(f'id="id_n{nomination.pk}-scheduled_for"') == 1
    assert content.count("Lee Presenter") == 3


def test_staff_queue_query_budget(staff_client, django_assert_max_num_queries):
    for _ in range(12):
        VoteFactory(nomination=NominationFactory())
    PresenterFactory.create_batch(5)
    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("reviews:queue"))
    assert len(response.context["nominations"]) == 12


def test_scheduling_loads_the_nomination_once(staff_client, paper):
    nomination = NominationFactory(paper=paper)
    presenter = PresenterFactory()
    url = reverse("reviews:nomination-schedule", args=[nomination.pk])
    data = {
        f"n{nomination.pk}-presenter": presenter.pk,
        f"n{nomination.pk}-scheduled_for": "2030-05-02",
    }
    with CaptureQueriesContext(connection) as queries:
        staff_client.post(url, data)
    table = Nomination._meta.db_table
    loads = [q for q in queries.captured_queries if q["sql"].startswith(f'SELECT "{table}"."id"')]
    assert len(loads) == 1
