"""What visitors see of a paper's reading status, kept apart from the status itself.

Publishing a review for members only used to mark its paper "reviewed" for everyone. Every
paper's ``public_status`` is derived here as ``Paper.public_status_for`` derives it; the rule is
copied, as the migration must keep doing what it did when the models change.
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def derive_public_status(apps, schema_editor):
    Paper = apps.get_model("reviews", "Paper")
    Review = apps.get_model("reviews", "Review")
    Nomination = apps.get_model("reviews", "Nomination")
    reviews = Review.objects.filter(paper=OuterRef("pk"))
    reviewed = models.Value("reviewed")
    Paper.objects.update(
        public_status=models.Case(
            models.When(~Q(status="reviewed"), then=models.F("status")),
            # A review visitors may read says so.
            models.When(
                Exists(reviews.filter(status="published", visibility="public")), then=reviewed
            ),
            # No review was ever published: a curator's or an imported README's word.
            models.When(
                ~Exists(reviews.filter(Q(status="published") | Q(published_at__isnull=False))),
                then=reviewed,
            ),
            # The paper links the group's notes, slides or review.
            models.When(~Q(summary_url="") | ~Q(slides_url="") | ~Q(review_url=""), then=reviewed),
            models.When(
                Exists(
                    Nomination.objects.filter(
                        paper=OuterRef("pk"), status__in=["scheduled", "done"]
                    )
                ),
                then=models.Value("scheduled"),
            ),
            default=models.Value("to_read"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_repair_empty_slugs"),
    ]

    operations = [
        migrations.AddField(
            model_name="paper",
            name="public_status",
            field=models.CharField(
                choices=[
                    ("to_read", "To read"),
                    ("scheduled", "Scheduled"),
                    ("reviewed", "Reviewed"),
                ],
                default="to_read",
                editable=False,
                max_length=20,
                verbose_name="reading status shown to visitors",
            ),
        ),
        migrations.AddIndex(
            model_name="paper",
            index=models.Index(fields=["public_status"], name="reviews_pap_public__a49259_idx"),
        ),
        migrations.RunPython(derive_public_status, migrations.RunPython.noop, elidable=True),
    ]
