"""A full backup in one zip archive, and its restore into an empty database.

The archive holds ``manifest.json`` (format version, when, row counts), ``data.json`` (every row
of the accounts, catalog and tags tables, in Django's serialisation format, with natural keys for
permissions and content types) and ``media/...`` (the uploaded slides and their thumbnails).
The rows include members' password hashes and e-mail addresses and open invitation tokens, so
``save_backup`` creates the file readable by its owner only. ``restore_backup`` loads it all into
an empty database, keeping primary keys, so that links between rows and the file names the rows
point to stay as they were.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from ..search import refresh_search_index

FORMAT = "papershelf-backup"
VERSION = 1
#: The apps whose rows a backup holds, in an order that loads without forward references.
APP_LABELS = ("accounts", "taggit", "reviews")
#: The archive's file mode: it holds password hashes and invitation tokens.
ARCHIVE_MODE = 0o600


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The archive cannot be written (an uploaded file is missing) or restored (not a backup,
    damaged, or the database is not empty)."""


def backup_models() -> list:
    models = [apps.get_model("auth", "Group")]  # users' groups; permissions go by natural key
    for label in APP_LABELS:
        models.extend(apps.get_app_config(label).get_models())
    return models


def _stored_files(models: Iterable) -> dict:
    """Name -> storage of every uploaded file the rows point to (slides may live in a storage
    of their own)."""
    files = {}
    for model in models:
        file_fields = [
            f for f in model._meta.fields if f.get_internal_type() in ("FileField", "ImageField")
        ]
        if not file_fields:
            continue
        for values in model._default_manager.values_list(*(f.name for f in file_fields)):
            for file_field, name in zip(file_fields, values, strict=True):
                if name:
                    files[name] = file_field.storage
    return files


def save_backup(path: Path) -> dict:
    """Write the archive to ``path``, readable by its owner only, all at once: it is written
    under a temporary name created with mode 0600 (whatever the umask) and then renamed, so
    ``path`` is never a half-written or world-readable file. Returns the manifest."""
    path = Path(path)
    fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        os.fchmod(fd, ARCHIVE_MODE)
        with os.fdopen(fd, "wb") as handle:
            manifest = write_backup(handle)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


def write_backup(target) -> dict:
    """Write the archive to ``target`` (a path or a binary file); returns the manifest."""
    models = backup_models()
    objects = []
    counts = {}
    for model in models:
        rows = list(model._default_manager.order_by("pk"))
        counts[model._meta.label] = len(rows)
        objects.extend(rows)
    data = serializers.serialize(
        "json",
        objects,
        use_natural_foreign_keys=True,
        indent=1,
        ensure_ascii=False,
        cls=ExactJSONEncoder,
    )
    files = _stored_files(models)
    media = sorted(files)
    missing = [name for name in media if not files[name].exists(name)]
    if missing:
        raise BackupError(
            f"the uploaded file {missing[0]} that the data lists is missing from the media "
            f"storage ({len(missing)} missing in all); restore it or clear the field that "
            "points to it, then back up again"
        )
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().isoformat(),
        "counts": counts,
        "media": media,
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        archive.writestr("data.json", data)
        for name in media:
            with files[name].open(name, "rb") as handle:
                archive.writestr(f"media/{name}", handle.read())
    return manifest


def restored_tables() -> dict:
    """Table name -> model of every table a restore writes rows into (many-to-many link
    tables included)."""
    tables = {}
    for model in backup_models():
        tables[model._meta.db_table] = model
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables[through._meta.db_table] = through
    return tables


def database_rows() -> dict[str, int]:
    """Rows already in the tables a restore writes (only the tables that have some)."""
    counts = {table: model._base_manager.count() for table, model in restored_tables().items()}
    return {table: n for table, n in counts.items() if n}


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("this is not a PaperShelf backup (no manifest.json)") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("this is not a PaperShelf backup (unknown format)")
    if manifest.get("version", 0) > VERSION:
        raise BackupError(
            f"this backup has format version {manifest['version']}; "
            f"this PaperShelf reads version {VERSION} and older"
        )
    return manifest


def _safe_media_name(member: str) -> str:
    name = PurePosixPath(member).relative_to("media")
    if name.is_absolute() or ".." in name.parts:
        raise BackupError(f"unsafe file name in the archive: {member}")
    return str(name)


def _reset_sequences(models: list) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def restore_backup(source) -> dict:
    """Restore an archive (path or binary file) into an empty database; returns row counts."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"this is not a zip archive ({exc})") from exc
    with archive:
        manifest = _read_manifest(archive)
        counts: dict[str, int] = {}
        written: list = []
        try:
            with transaction.atomic():
                _refuse_rows_present()
                _load_rows(archive, counts)
                expected = manifest.get("counts", {})
                wrong = {k: v for k, v in expected.items() if counts.get(k, 0) != v}
                if wrong:
                    raise BackupError(f"the archive's data does not match its manifest: {wrong}")
                _reset_sequences(backup_models())
                # Rows were loaded as they are, bypassing Paper.save(): rebuild the search data
                # and what visitors see of each status (an older archive may not hold it).
                paper_model = apps.get_model("reviews", "Paper")
                paper_model.objects.refresh_public_status()
                refresh_search_index(paper_model.objects.values_list("pk", flat=True))
                _restore_media(archive, written)
        except Exception:
            for storage, name in written:  # nothing half-written: rows rolled back, files too
                storage.delete(name)
            raise
        return counts


def _refuse_rows_present() -> None:
    """A restore keeps primary keys: into tables that hold rows it would overwrite or mix them."""
    present = database_rows()
    if present:
        listed = ", ".join(f"{table}: {n}" for table, n in present.items())
        raise BackupError(
            f"the database is not empty (rows in {listed}); import_all restores into an empty "
            "database only: create a new database, run migrate, then import_all"
        )


def _load_rows(archive: zipfile.ZipFile, counts: dict[str, int]) -> None:
    try:
        for deserialized in serializers.deserialize("json", archive.read("data.json")):
            deserialized.save()
            label = deserialized.object._meta.label
            counts[label] = counts.get(label, 0) + 1
    except (KeyError, ValueError, DatabaseError, serializers.base.DeserializationError) as exc:
        raise BackupError(f"the archive's data cannot be read ({exc})") from exc


def _restore_media(archive: zipfile.ZipFile, written: list) -> None:
    """Write the archive's files back, each into the storage its field uses (the rows are
    loaded already)."""
    files = _stored_files(backup_models())
    for member in archive.namelist():
        if not member.startswith("media/") or member.endswith("/"):
            continue
        name = _safe_media_name(member)
        storage = files.get(name, default_storage)
        if storage.exists(name):
            storage.delete(name)  # an orphan: the database it belonged to is empty
        saved = storage.save(name, ContentFile(archive.read(member)))
        written.append((storage, saved))
        if saved != name:
            raise BackupError(f"could not restore the file {name} under its own name")
