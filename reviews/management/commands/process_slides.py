"""``manage.py process_slides``: make the PDF renditions and thumbnails that slides lack.

After an upgrade (slides uploaded before renditions existed are download-only), after installing
LibreOffice, or to retry failures. With ``--all`` every review's slides are processed again.
"""

from django.core.management.base import BaseCommand

from ...models import Review, SlidesState
from ...tasks import process_slides


class Command(BaseCommand):
    help = "Queue the making of PDF renditions and thumbnails for slides that lack them."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="process every review's slides")

    def handle(self, *args, all=False, **options):
        reviews = Review.objects.exclude(slides="")
        if not all:
            reviews = reviews.exclude(slides_state=SlidesState.READY)
        count = 0
        for pk, name in reviews.values_list("pk", "slides").iterator():
            Review.objects.filter(pk=pk).update(slides_state=SlidesState.PROCESSING)
            process_slides.enqueue(review_id=pk, slides_name=name)
            count += 1
        self.stdout.write(f"Slides of {count} review(s) queued for processing.")
