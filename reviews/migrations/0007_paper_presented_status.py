"""Visitors see "presented" for a paper whose talk was given but has nothing written to read.

An imported talk is a review record with no summary, no body and no notes link; a paper marked
reviewed on that evidence (or on its slides link alone) said "reviewed" with nothing to open.
``public_status`` is derived again as ``Paper.public_status_for`` now derives it; the rule is
copied, as the migration must keep doing what it did when the models change.
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def derive_public_status(apps, schema_editor):
    Paper = apps.get_model("reviews", "Paper")
    Review = apps.get_model("reviews", "Review")
    Nomination = apps.get_model("reviews", "Nomination")
    reviews = Review.objects.filter(paper=OuterRef("pk"))
    public = reviews.filter(status="published", visibility="public")
    written = public.exclude(summary="", body="", summary_url="")
    reviewed, presented = models.Value("reviewed"), models.Value("presented")
    Paper.objects.update(
        public_status=models.Case(
            models.When(~Q(status="reviewed"), then=models.F("status")),
            models.When(Exists(written), then=reviewed),
            models.When(~Q(summary_url="") | ~Q(review_url=""), then=reviewed),
            models.When(Exists(public), then=presented),
            models.When(~Q(slides_url=""), then=presented),
            models.When(
                ~Exists(reviews.filter(Q(status="published") | Q(published_at__isnull=False))),
                then=reviewed,
            ),
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


def restore_reviewed(apps, schema_editor):
    apps.get_model("reviews", "Paper").objects.filter(public_status="presented").update(
        public_status="reviewed"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_slides_processing"),
    ]

    operations = [
        migrations.AlterField(
            model_name="paper",
            name="public_status",
            field=models.CharField(
                choices=[
                    ("to_read", "To read"),
                    ("scheduled", "Scheduled"),
                    ("presented", "Presented"),
                    ("reviewed", "Reviewed"),
                ],
                default="to_read",
                editable=False,
                max_length=20,
                verbose_name="reading status shown to visitors",
            ),
        ),
        migrations.RunPython(derive_public_status, restore_reviewed, elidable=True),
    ]
