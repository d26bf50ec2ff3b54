"""Give every topic, venue, presenter, tag, paper and collection a slug its URL can be reversed
with, then let the database refuse an empty one for topics, venues and presenters.

Before this, a tag named "?" or ">" got the slug "" (taggit slugifies it away), and one such tag
made every page that links it fail. The helpers are copied here, as the migration must keep
doing what it did when the models change.
"""

import hashlib
import re

from django.db import migrations, models
from django.db.models import Q
from django.utils.text import slugify

VALID_SLUG = re.compile(r"^[-\w]+\Z")

# (app, model, field the slug comes from, prefix of a fallback slug)
SLUGGED = [
    ("reviews", "Category", "name", "topic"),
    ("reviews", "Venue", "short_name", "venue"),
    ("reviews", "Presenter", "name", "presenter"),
    ("reviews", "Paper", "title", "item"),
    ("reviews", "Collection", "title", "item"),
    ("taggit", "Tag", "name", "tag"),
]


def slug_for(text: str, prefix: str, max_length: int) -> str:
    slug = slugify(text, allow_unicode=True)[:max_length].strip("-")
    return slug or f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def repair_slugs(apps, schema_editor):
    for app_label, model_name, source, prefix in SLUGGED:
        model = apps.get_model(app_label, model_name)
        max_length = model._meta.get_field("slug").max_length
        rows = model._default_manager.order_by("pk")
        broken = [row for row in rows.only("pk", "slug", source) if not VALID_SLUG.match(row.slug)]
        for row in broken:
            base = slug_for(getattr(row, source), prefix, max_length)
            slug, n = base, 2
            while model._default_manager.filter(slug=slug).exclude(pk=row.pk).exists():
                suffix = f"-{n}"
                slug = f"{base[: max_length - len(suffix)]}{suffix}"
                n += 1
            model._default_manager.filter(pk=row.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0003_slides_private_storage"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(repair_slugs, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.CheckConstraint(
                condition=~Q(slug=""), name="category_slug_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="venue",
            constraint=models.CheckConstraint(condition=~Q(slug=""), name="venue_slug_not_empty"),
        ),
        migrations.AddConstraint(
            model_name="presenter",
            constraint=models.CheckConstraint(
                condition=~Q(slug=""), name="presenter_slug_not_empty"
            ),
        ),
    ]
