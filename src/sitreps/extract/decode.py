"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, the charset of the HTTP
Content-Type header (URLs, web archives), a declared HTML charset, then charset detection
(``charset_normalizer``, which trafilatura already depends on) with a Windows-1252 preference for
Latin text; and cheap checks for input that is not text at all.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import ExtractError

# Magic numbers of common binary formats somebody may feed us by mistake.
_MAGIC = [
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"\x7fELF", "executable"),
]
# Single-byte Latin encodings that charset detection confuses with one another; for English news
# Windows-1252 (which browsers use for "iso-8859-1" too) is by far the likeliest of them.
_LATIN_FAMILY = re.compile(
    r"^(?:cp125[0247]|latin_?\d*|iso8859_(?:[1-4]|9|1[03-6])|mac_(?:roman|latin2|iceland)|cp850|ascii)$"
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def split_content_type(value: str | None) -> tuple[str, str | None]:
    """``text/html; charset=ISO-8859-1`` -> (``text/html``, ``ISO-8859-1``); ("", None) if absent."""
    if not value:
        return "", None
    mime = value.split(";", 1)[0].strip().lower()
    m = _HEADER_CHARSET.search(value)
    return mime, (m.group(1) if m else None)


def _normalise_encoding(name: str) -> str | None:
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # WHATWG: labels for latin-1 and ascii mean windows-1252.
    return "cp1252" if name in {"iso8859-1", "latin-1", "ascii"} else name


def _looks_binary(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"binary file (looks like {kind})"
    head = data[:65536]
    if b"\x00" in head and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        return "binary content (NUL bytes)"
    return None


def decode_bytes(data: bytes, *, html: bool = False, charset: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; returns (text, encoding). Raises ExtractError for binary input.

    ``charset`` is the one an HTTP header declared: it wins over the page's own ``<meta>`` (as in
    browsers) but not over valid UTF-8, since servers often send a default ISO-8859-1 for UTF-8."""
    why = _looks_binary(data)
    if why:
        raise ExtractError(why)
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        # Mostly UTF-8 with a few broken bytes (a truncated page): keep UTF-8.
        if exc.start > 0.98 * len(data) or _mostly_utf8(data):
            return data.decode("utf-8", errors="replace"), "utf-8"
    declared = _normalise_encoding(charset) if charset else None
    if declared and declared not in {"utf-8", "utf-16-le", "utf-16-be"}:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    if html:
        m = _META_CHARSET.search(data[:8192])
        enc = _normalise_encoding(m.group(1).decode("ascii", "ignore")) if m else None
        if enc and enc not in {"utf-8", "utf-16-le", "utf-16-be"}:
            try:
                return data.decode(enc), enc
            except (UnicodeDecodeError, LookupError):
                pass
    guess = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        guess = _normalise_encoding(best.encoding) if best is not None else None
    except Exception:  # detection is best effort
        guess = None
    if guess is None or _LATIN_FAMILY.match(guess.replace("-", "_")):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    if guess:
        try:
            return data.decode(guess, errors="replace"), guess
        except LookupError:
            pass
    return data.decode("latin-1"), "latin-1"


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return bad <= 3 and bad < len(text) / 2000


def check_text(text: str) -> None:
    """Raise ExtractError if ``text`` is empty or mostly non-printable junk."""
    if not text or not text.strip():
        raise ExtractError("empty document")
    sample = text[:100_000]
    if "\x00" in sample:
        raise ExtractError("binary content (NUL bytes)")
    bad = 0
    for ch in sample:
        if ch in "\n\r\t":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}:
            bad += 1
    if bad > 0.1 * len(sample):
        raise ExtractError(f"not decodable as text ({bad / len(sample):.0%} non-printable characters)")


def to_text(content: bytes | str, *, html: bool = False, charset: str | None = None) -> str:
    """Decoded, checked text with normalised newlines (no BOM, no CR); ``charset`` as declared by
    an HTTP header, if any."""
    if isinstance(content, bytes):
        if not content.strip():
            raise ExtractError("empty document")
        text, _ = decode_bytes(content, html=html, charset=charset)
    else:
        text = content.lstrip("\ufeff")
    check_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n")
