"""Strict readers for environment variables.

A bad value stops the process at start-up with a message that names the
variable; nothing falls back silently to a default (healthchecks does the same).
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_list(name: str, default: str) -> list[str]:
    value = env_str(name, default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"{name} must list at least one value.")
    return items


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(choices)}.")
    return value


def env_url(name: str, schemes: tuple[str, ...]) -> str | None:
    value = env_str(name)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes or not (parsed.netloc or parsed.path):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a URL with scheme {' or '.join(schemes)}."
        )
    return value


# STORAGE_URL query parameters and the S3Storage options they set (django-storages).
_S3_PARAMS = {"endpoint_url": "endpoint_url", "region": "region_name",
              "region_name": "region_name", "location": "location",
              "addressing_style": "addressing_style", "verify": "verify",
              "use_ssl": "use_ssl"}


def storage_from_url(name: str, value: str | None) -> dict:
    """The STORAGES entry for the files users upload and download (core.files).

    Unset: FileSystemStorage under MEDIA_ROOT, files 0600 in 0700 folders.
    `s3://[KEY:SECRET@]bucket?endpoint_url=http://minio:9000&region=us-east-1`: an
    S3-compatible bucket (django-storages); without KEY:SECRET the credentials come from
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (boto3's usual chain). Objects are private
    (no ACL granted) and never handed out as bucket URLs: the views stream them.
    """
    if value is None:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"file_permissions_mode": 0o600,
                            "directory_permissions_mode": 0o700}}
    parsed = urlparse(value)
    if parsed.scheme != "s3" or not parsed.hostname:
        raise ImproperlyConfigured(
            f"{name} must look like s3://bucket?endpoint_url=...&region=... (got {parsed.scheme!r})."
        )
    options: dict = {"bucket_name": parsed.hostname, "default_acl": None,
                     "querystring_auth": True, "querystring_expire": 300,
                     "file_overwrite": False, "signature_version": "s3v4",
                     # Reads past 8 MB spill from memory to a temporary file.
                     "max_memory_size": 8 * 1024 * 1024}
    if parsed.username:
        options["access_key"] = unquote(parsed.username)
        options["secret_key"] = unquote(parsed.password or "")
    for key, raw in parse_qsl(parsed.query):
        if key not in _S3_PARAMS:
            raise ImproperlyConfigured(
                f"{name}: unknown parameter {key!r} (known: {', '.join(sorted(_S3_PARAMS))})."
            )
        option = _S3_PARAMS[key]
        options[option] = raw.lower() in _TRUE if option in ("verify", "use_ssl") else raw
    if "endpoint_url" in options:
        # MinIO and most S3-compatible servers want bucket-in-path addressing.
        options.setdefault("addressing_style", "path")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def secret_from_env_or_file(name: str, path: Path, make) -> str:
    """The variable if set; else a value kept in `path`, generated on first run."""
    value = env_str(name)
    if value is not None:
        return value
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    # Written with owner-only permissions: this file is as secret as the key itself.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)
