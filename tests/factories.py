"""factory_boy factories for every model; tests build exactly the rows they talk about."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts.models import Invitation
from reviews.models import (
    Category,
    Collection,
    CollectionEntry,
    Nomination,
    Paper,
    Presenter,
    Review,
    Venue,
    Vote,
)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    created_by = factory.SubFactory(UserFactory)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Topic {n}")


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    short_name = factory.Sequence(lambda n: f"VENUE{n}")
    kind = Venue.Kind.CONFERENCE


class PaperFactory(DjangoModelFactory):
    class Meta:
        model = Paper
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"A Study of Deep Networks, Part {n}")
    authors = "Ada Lovelace\nAlan Turing"
    year = 2020
    venue = factory.SubFactory(VenueFactory)

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.add(*extracted)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)


class PresenterFactory(DjangoModelFactory):
    class Meta:
        model = Presenter

    name = factory.Sequence(lambda n: f"Presenter {n}")


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    paper = factory.SubFactory(PaperFactory)
    presenter = factory.SubFactory(PresenterFactory)
    summary = "What the paper does, in one line."
    body = "## Problem\n\nWhy residual connections help: $y = F(x) + x$."
    status = Review.Status.PUBLISHED
    visibility = Review.Visibility.PUBLIC
    created_by = factory.SubFactory(UserFactory)


class CollectionFactory(DjangoModelFactory):
    class Meta:
        model = Collection

    title = factory.Sequence(lambda n: f"Reading list {n}")


class CollectionEntryFactory(DjangoModelFactory):
    class Meta:
        model = CollectionEntry

    collection = factory.SubFactory(CollectionFactory)
    paper = factory.SubFactory(PaperFactory)
    position = factory.Sequence(int)


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination

    paper = factory.SubFactory(PaperFactory)
    nominated_by = factory.SubFactory(UserFactory)


class VoteFactory(DjangoModelFactory):
    class Meta:
        model = Vote

    nomination = factory.SubFactory(NominationFactory)
    user = factory.SubFactory(UserFactory)
