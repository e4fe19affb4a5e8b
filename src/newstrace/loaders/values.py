"""Normalise values read from inputs: dates to YYYY-MM-DD, text newlines, scalar fields."""

from __future__ import annotations

import email.utils
from datetime import date, datetime

# Formats seen in news metadata that ISO parsing does not cover.
_DATE_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d.%m.%Y")


def normalise_date(raw: object) -> str | None:
    """'2016-10-13T08:00:00Z', '2016/10/13', 'October 13, 2016' -> '2016-10-13'; else None."""
    if not isinstance(raw, str) or not raw.strip():
        return None
    value = raw.strip()
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return _rfc2822_date(value)


def _rfc2822_date(value: str) -> str | None:
    # RSS feeds and e-mail style headers: 'Thu, 13 Oct 2016 08:00:00 +0000'.
    try:
        parsed: date = email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.isoformat()


def clean_text(text: str) -> str:
    """Unify newlines and strip the ends; inner paragraphs are kept exactly."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def scalar_text(value: object) -> str | None:
    """A field value as text: strings stripped, numbers spelled out, anything else None."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None
