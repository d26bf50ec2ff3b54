"""The catalog's version and an index for the catalog's default order.

On PostgreSQL a one-row table holds a token that a statement-level trigger on every table the
catalog's counts read changes, in the writing transaction: whatever path writes (a service, the
admin, a shell, raw SQL), the token changes when the write commits. Cached facet counts and
aggregates are keyed by it (``reviews.catalog_cache``), so they are never stale beyond a commit.
A random token rather than a counter: a rolled-back transaction cannot make an old token current
again for other data. Elsewhere (SQLite) nothing is created and nothing is cached.
"""

from django.db import migrations, models

TABLES = [
    ("reviews", "Paper"),
    ("reviews", "TaggedPaper"),
    ("reviews", "Review"),
    ("reviews", "Category"),
    ("reviews", "Venue"),
    ("reviews", "Presenter"),
    ("reviews", "Nomination"),
    ("taggit", "Tag"),
]


def tables(apps):
    names = [apps.get_model(app, model)._meta.db_table for app, model in TABLES]
    return [*names, apps.get_model("reviews", "Paper").topics.through._meta.db_table]


def create_version(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TABLE reviews_catalog_version ("
        " id smallint PRIMARY KEY CHECK (id = 1), token uuid NOT NULL)"
    )
    schema_editor.execute("INSERT INTO reviews_catalog_version VALUES (1, gen_random_uuid())")
    schema_editor.execute(
        "CREATE FUNCTION reviews_catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN UPDATE reviews_catalog_version SET token = gen_random_uuid() WHERE id = 1; "
        "RETURN NULL; END $$"
    )
    for table in tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER reviews_catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {schema_editor.quote_name(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION reviews_catalog_changed()"
        )


def drop_version(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables(apps):
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS reviews_catalog_changed ON {schema_editor.quote_name(table)}"
        )
    schema_editor.execute("DROP FUNCTION IF EXISTS reviews_catalog_changed()")
    schema_editor.execute("DROP TABLE IF EXISTS reviews_catalog_version")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0007_paper_presented_status"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="paper",
            index=models.Index(fields=["created_at", "id"], name="paper_created_id"),
        ),
        migrations.RunPython(create_version, drop_version),
    ]
