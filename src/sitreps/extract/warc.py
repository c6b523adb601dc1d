"""WARC and ARC web archives -> RawDocuments, streamed record by record with ``warcio``.

Why a reader of its own: web archives (Common Crawl, Heritrix, ``wget --warc-file``, browsertrix)
are how news corpora arrive, and they run to gigabytes. So a file is read as a stream, never whole,
and the cap is on each record's payload, not on the file. Only what can be an article is taken:
``response`` records with HTTP status 200 and ``resource`` records, at an http(s) URI, whose content
type is HTML, XHTML or plain text. Requests, metadata, warcinfo, revisits, redirects, errors, images,
scripts and the logs and page-text derivatives that crawlers file under ``metadata:`` or ``urn:``
URIs are skipped silently: they are no articles and no failures.

The crawl time (``WARC-Date``) goes to ``meta["crawled"]``, never to ``published``: a page crawled
today may be years old; the extractor uses it only as an upper bound on the publication date.
A damaged record or file (cut gzip member, garbage, a record shorter than its Content-Length)
becomes a :class:`ReadError` naming the file and the byte offset where it broke, after every good
record before it has been yielded; nothing here raises.
"""

from __future__ import annotations

import gzip
from collections.abc import Generator, Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from ..model import RawDocument
from .decode import split_content_type
from .errors import ReadError

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
MAX_RECORD_BYTES = 50 * 1024 * 1024  # decoded payload of one record (as MAX_GZ_HTML_BYTES)
PAYLOAD_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt"}
_ENCODING_ALIASES = {"x-gzip": "gzip", "x-deflate": "deflate"}
_DRAIN = 1 << 16
_WHOLE_GZIP = "non-chunked gzip"  # warcio's message for a WARC gzipped as one member


def is_warc(path: str) -> bool:
    """True for the file names read as web archives (.warc, .warc.gz, .arc, .arc.gz)."""
    return str(path).lower().endswith(WARC_SUFFIXES)


class _Iterator(ArchiveIterator):
    """warcio's iterator, noting on close whether the file ended inside a gzip member or inside a
    record's headers: warcio ends quietly in both cases, which would hide the truncation."""

    cut_member = False
    leftover = 0  # bytes read after the last whole record

    def close(self) -> None:
        dec = self.reader.decompressor if self.reader else None
        self.cut_member = dec is not None and not dec.eof and self.fh.tell() > 0  # not an empty file
        self.leftover = max(0, self.fh.tell() - self.offset)
        super().close()


def iter_warc(
    path: str, fileobj: IO[bytes] | None = None, *, arc: bool | None = None
) -> Iterator[RawDocument | ReadError]:
    """The article records of the WARC/ARC file ``path`` (or of ``fileobj``, e.g. stdin, named
    ``path``), then a ReadError if the file is damaged. ``arc`` defaults to the file name's
    suffix. Never raises."""
    try:
        fh = fileobj if fileobj is not None else open(path, "rb")
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc.strerror or exc}")
        return
    if arc is None:
        arc = str(path).lower().endswith((".arc", ".arc.gz"))
    try:
        done = yield from _read(fh, path, arc=arc)
        if done is not None and fileobj is None:
            # gzipped as one member (`gzip crawl.warc`): warcio cannot walk it member by member,
            # so read it again through one decompressing stream, skipping the records already seen.
            with gzip.open(path, "rb") as gz:
                yield from _read(gz, path, arc=arc, skip=done, note=" (uncompressed offset)")
        elif done is not None:
            yield ReadError(
                path,
                "WARC is gzipped as one whole file, not record by record: "
                "read it from a file, or run `warcio recompress` on it",
            )
    finally:
        if fileobj is None:
            fh.close()


def _read(
    fh: IO[bytes], path: str, *, arc: bool, skip: int = 0, note: str = ""
) -> Generator[RawDocument | ReadError, None, int | None]:
    """Yield the records of ``fh`` after the first ``skip``; return the number of records read if
    the file turns out to be one whole gzip stream (to be read again), else None."""
    it = _Iterator(fh, arc2warc=arc)
    n = 0
    try:
        for rec in it:
            offset = it.offset
            n += 1
            if n <= skip:
                continue
            if not (rec.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                # warcio reads a missing or unreadable length as 0 or "to the end": both hide a cut
                yield ReadError(
                    path,
                    f"broken at record {n}, byte {offset}{note}: no valid Content-Length (the file is cut "
                    "off there, or is no WARC)",
                )
                return None
            item = _take(rec, path, offset, arc)
            missing = _drain(rec)
            if missing:
                yield ReadError(
                    path,
                    f"truncated: the file ends inside record {n} at byte {offset}{note} "
                    f"({missing} of its {rec.length} bytes missing)",
                )
                return None
            if item is not None:
                yield item
    except ArchiveLoadFailed as exc:
        if _WHOLE_GZIP in str(exc) and not skip:
            return n  # warcio notices on the record after the first, which was read and yielded
        yield ReadError(path, f"broken after record {n}, at byte {it.offset}{note}: {_first_line(exc)}")
        return None
    except Exception as exc:  # zlib, parser and I/O errors: the rest of the file is unreadable
        yield ReadError(
            path,
            f"broken after record {n}, at byte {it.offset}{note}: {type(exc).__name__}: {_first_line(exc)}",
        )
        return None
    if it.cut_member:
        yield ReadError(
            path, f"truncated: the gzip member at byte {it.offset}{note} is cut off after record {n}"
        )
    elif it.leftover:
        yield ReadError(
            path,
            f"truncated: the {it.leftover} bytes at byte {it.offset}{note} after record {n} are no whole record",
        )
    elif n == 0:
        yield ReadError(path, "no WARC records: empty or not a web archive")
    return None


def _first_line(exc: BaseException) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def _drain(rec: Any) -> int:
    """Read the rest of the record's block; the number of bytes the file lacks (0 when whole)."""
    stream = rec.raw_stream
    while stream.read(_DRAIN):
        pass
    return max(0, getattr(stream, "limit", 0))


def _take(rec: Any, path: str, offset: int, arc: bool) -> RawDocument | ReadError | None:
    """The record as a RawDocument if it can be an article, a ReadError if it should be one but
    cannot be read, None if it is no article at all."""
    if rec.rec_type not in ("response", "resource"):
        return None
    uri = (rec.rec_headers.get_header("WARC-Target-URI") or "").strip()
    if not uri.lower().startswith(("http://", "https://")):
        return None
    http = rec.http_headers
    if rec.rec_type == "response":
        if http is None or http.get_statuscode() != "200":
            return None
        ctype = http.get_header("Content-Type")
    else:
        ctype = rec.content_type
    mime, charset = split_content_type(ctype)
    fmt = PAYLOAD_FORMATS.get(mime)
    if fmt is None:
        return None
    rec_id = (rec.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ")
    # ARC records get random ids from warcio; the offset is stable across runs.
    source = f"{path}#{rec_id}" if rec_id and not arc else f"{path}@{offset}"
    try:
        data = _payload(rec).read(MAX_RECORD_BYTES + 1)
    except ValueError as exc:
        return ReadError(source, str(exc))
    except Exception as exc:
        return ReadError(source, f"cannot decode the payload: {type(exc).__name__}: {exc}")
    if len(data) > MAX_RECORD_BYTES:
        return ReadError(source, f"record payload over the size limit ({MAX_RECORD_BYTES // 2**20} MiB)")
    meta: dict[str, Any] = {"content_type": mime, "warc_offset": offset}
    for key, header in (("crawled", "WARC-Date"), ("warc_truncated", "WARC-Truncated")):
        value = rec.rec_headers.get_header(header)
        if value:
            meta[key] = value
    if rec_id:
        meta["warc_record_id"] = rec_id
    if charset:
        meta["charset"] = charset
    return RawDocument(source=source, content=data, format=fmt, url=uri, meta=meta)


def _payload(rec: Any) -> Any:
    """The HTTP entity with chunked transfer and content encoding undone (warcio's
    ``content_stream``, plus the x-gzip alias and a clear error for encodings it lacks)."""
    http = rec.http_headers
    if http is None:
        return rec.raw_stream
    enc = (http.get_header("Content-Encoding") or "").strip().lower()
    enc = _ENCODING_ALIASES.get(enc, enc)
    if enc in ("", "identity"):
        enc = None
    elif enc not in BufferedReader.get_supported_decompressors():
        raise ValueError(f"unsupported Content-Encoding {enc!r}")
    if (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        return ChunkedDataReader(rec.raw_stream, decomp_type=enc)
    return BufferedReader(rec.raw_stream, decomp_type=enc) if enc else rec.raw_stream
