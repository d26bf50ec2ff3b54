"""Search columns for papers: full-text and Hangul-bigram vectors, trigram text, their indexes.

The GIN indexes and the pg_trgm extension exist on PostgreSQL only; on SQLite the columns are
plain and the indexes are skipped (the simple search fallback does not use them).
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class AddPostgresIndex(migrations.AddIndex):
    """AddIndex that only touches a PostgreSQL database; the model state changes everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill_search_data(apps, schema_editor):
    Paper = apps.get_model("reviews", "Paper")
    using = schema_editor.connection.alias
    for paper in Paper.objects.using(using).only("title", "short_name", "authors"):
        authors = " ".join(line.strip() for line in paper.authors.splitlines() if line.strip())
        text = " ".join(part for part in (paper.title, paper.short_name, authors) if part).lower()
        Paper.objects.using(using).filter(pk=paper.pk).update(search_text=text)
    if schema_editor.connection.vendor == "postgresql":
        from reviews.search import refresh_search_index

        refresh_search_index(Paper.objects.using(using).values_list("pk", flat=True), using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="paper",
            name="search_bigrams",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="paper",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="paper",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        AddPostgresIndex(
            model_name="paper",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="paper_search_vector_gin"
            ),
        ),
        AddPostgresIndex(
            model_name="paper",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_bigrams"], name="paper_search_bigrams_gin"
            ),
        ),
        AddPostgresIndex(
            model_name="paper",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_text"], name="paper_search_text_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.RunPython(fill_search_data, migrations.RunPython.noop, elidable=True),
    ]
