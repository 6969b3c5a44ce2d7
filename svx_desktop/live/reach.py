"""Why a live session could not be reached, in words a facilitator can act on.

``problem(error)`` turns what connecting raised into a short phrase: nobody listening
(connection refused), an unknown host name, a server that answers but not with this session
(an HTTP status such as 404 for a wrong token or an ended session), a link that is not a
WebSocket link, or no answer in time. ``is_final(error)`` tells the errors that waiting
longer cannot cure (a join stops at once with them; others are retried until the timeout).
``shown_url(url)`` is the link as an error message names it: without its query, so the
session's token does not land in a screenshot of the message.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit, urlunsplit

from websockets.exceptions import InvalidHandshake, InvalidStatus, InvalidURI


def shown_url(url: str) -> str:
    """``url`` without its query (the token) and fragment."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.split("?", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def problem(error: BaseException | None, timeout: float | None = None) -> str:
    """A short phrase saying what went wrong (``None``: no answer in time)."""
    if error is None or isinstance(error, TimeoutError):
        within = f" within {timeout:g} s" if timeout is not None else ""
        return f"no answer{within} (the server accepts connections but does not reply)"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (nothing is listening there: is the session running?)"
    if isinstance(error, socket.gaierror):
        return "unknown host (check the address in the link)"
    if isinstance(error, InvalidStatus):
        status = error.response.status_code
        reason = error.response.reason_phrase
        hint = (
            ": the link's token is wrong or the session has ended" if status in (403, 404) else ""
        )
        return f"the server answered {status} {reason}{hint}"
    if isinstance(error, InvalidURI):
        return "not a live session link (it should start with http:// or ws://)"
    if isinstance(error, InvalidHandshake):
        return f"not a live session ({error})"
    if isinstance(error, OSError):
        return error.strerror or str(error) or type(error).__name__
    return str(error) or type(error).__name__


def is_final(error: BaseException) -> bool:
    """Whether retrying cannot help (refused, unknown host, a refusing status, a bad link)."""
    return isinstance(error, ConnectionRefusedError | socket.gaierror | InvalidStatus | InvalidURI)


def describe(url: str, error: BaseException | None, timeout: float | None = None) -> str:
    """The whole message: which link, and what the problem is."""
    return f"Cannot reach {shown_url(url)}: {problem(error, timeout)}."
