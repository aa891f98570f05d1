"""The files the app keeps for its users: uploads, exports, import reports (issues 16, 21).

They all go through one storage, the "files" alias of settings.STORAGES:
FileSystemStorage under MEDIA_ROOT (VAR_DIR/uploads) by default, files 0600 in 0700
folders; an S3-compatible bucket when STORAGE_URL is set, so that web and worker
processes on several machines read what any of them wrote. Nothing here knows which.

Files are written to a 0600 temporary file under VAR_DIR/tmp first (`save_private`),
then handed to the storage: on the local file system that is a rename, in a bucket an
upload. Files are served only by scoped views that stream them (never a bucket URL).
"""

import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

T = TypeVar("T")


class _FilesStorage(LazyObject):  # type: ignore[type-arg]
    """storages["files"], looked up again when a test overrides STORAGES."""

    def _setup(self) -> None:
        self._wrapped = storages["files"]


files: Storage = _FilesStorage()  # type: ignore[assignment]


def files_storage() -> Storage:
    """For FileField(storage=...): a callable, so migrations name it, not its settings."""
    return files


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        files._wrapped = empty  # type: ignore[attr-defined]


class _WrittenFile(File):  # type: ignore[type-arg]
    """A finished temporary file: FileSystemStorage moves it into place, no copy."""

    def __init__(self, handle: IO[bytes], path: str, name: str) -> None:
        super().__init__(handle, name=name)
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path


def save_private(name: str, write: Callable[[IO[bytes]], T]) -> tuple[str, T]:
    """Write a file with `write(handle)` and keep it in the files storage as `name`
    (or a free name next to it); the stored name and what `write` returned.

    Nothing is stored if `write` raises. The temporary file is 0600 (mkstemp)."""
    temp_dir = Path(settings.FILE_UPLOAD_TEMP_DIR)
    temp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, path = tempfile.mkstemp(dir=temp_dir, suffix=Path(name).suffix)
    try:
        with os.fdopen(fd, "w+b") as handle:
            result = write(handle)
            handle.flush()
            handle.seek(0)
            stored = files.save(name, _WrittenFile(handle, path, name))
    finally:
        Path(path).unlink(missing_ok=True)  # moved away already, unless it failed
    return stored, result


def purge_older_than(folder: str, cutoff: datetime) -> int:
    """Delete the files in `folder` of the files storage last written before `cutoff`
    (aware); the count. Works the same on the local file system and in a bucket."""
    try:
        _, names = files.listdir(folder)
    except FileNotFoundError:
        return 0
    count = 0
    for name in names:
        path = f"{folder}/{name}"
        try:
            if files.get_modified_time(path) < cutoff:
                files.delete(path)
                count += 1
        except FileNotFoundError:
            continue  # another machine purged it first
    return count
