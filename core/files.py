"""Files that hold personal data on disk: readable by the app's user only (0600).

Django's FILE_UPLOAD_PERMISSIONS covers uploads (settings); exports and import
error reports are written through `open_private`.
"""

import os
from datetime import datetime
from pathlib import Path
from typing import BinaryIO


def open_private(path: Path) -> BinaryIO:
    """Open a new file for binary writing, mode 0600 whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "wb")


def purge_files_older_than(directory: Path, cutoff: datetime) -> int:
    """Delete the files in `directory` last written before `cutoff`; the count."""
    if not directory.is_dir():
        return 0
    count = 0
    for path in directory.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
            count += 1
    return count
