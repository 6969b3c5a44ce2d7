"""Typed errors of the file-format layer, each naming the file and the place."""

from __future__ import annotations


class SvxError(Exception):
    """Base of every error the file-format layer raises on purpose."""


class SvxLoadError(SvxError):
    """A file could not be read as a map. ``str()`` is the message to show a user."""

    def __init__(self, source: str, message: str, location: str = "") -> None:
        self.source = source
        self.location = location
        self.message = message
        where = f"{source}: {location}" if location else source
        super().__init__(f"{where}: {message}")


class SvxVersionError(SvxLoadError):
    """The file was written by a newer SVX in a format version this one cannot read."""

    def __init__(self, source: str, file_version: int, supported_version: int) -> None:
        self.file_version = file_version
        self.supported_version = supported_version
        super().__init__(
            source,
            f"format version {file_version} is newer than this SVX reads "
            f"(up to version {supported_version}); open it with a newer SVX",
            "version",
        )


class SvxSaveError(SvxError):
    """A map could not be saved; the previous file on disk is untouched."""

    def __init__(self, target: str, message: str) -> None:
        self.target = target
        self.message = message
        super().__init__(f"{target}: {message}")


class SvxReadOnlyFileError(SvxSaveError):
    """The file to be replaced is marked read-only; saving over it needs the user's yes.

    Raised before anything is written. Save again with ``replace_read_only=True`` once
    the user has agreed.
    """

    def __init__(self, target: str) -> None:
        super().__init__(
            target,
            "cannot save: the file is marked read-only (no write permission); it was not replaced",
        )
