"""Plain-text and markdown exports: header (title, byline, publisher and date line, tag lines),
body paragraphs, and boilerplate removal (shared with the HTML path).

General rules, no site-specific code:
- the header is the run of short lines before the first prose paragraph: a title (first short
  line without final punctuation, or a ``#`` heading; a "Video:"-style label is dropped), a byline
  ("By X, Y and Z"), a publisher and date line ("Global Research, May 31, 2019", "Published July 5
  2016"), tag lines ("Region: ...", "Theme: ..."), and link-only lines (navigation);
- the body is the paragraphs after it; separator lines ("*", "***", "---") are dropped;
- boilerplate blocks are dropped anywhere (scope ``any``) or as a trailing block (scope ``tail``),
  see ``data/boilerplate.yaml``; credit lines give ``original_source`` ("The original source of this
  article is X") and a fallback author ("Articles by: X") before they go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .boilerplate import Rules, default_rules
from .dates import find_dateline, parse_date

_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_MD_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|[^>\s@]+@[^>\s]+)>")
_LINK_ONLY = re.compile(r"^(?:\s*!?\[[^\]]*\]\([^)]*\)[\s,;|·•/-]*)+$")
_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_LIST_MARK = re.compile(r"^\s{0,3}(?:[-+*•]|\d{1,3}[.)])\s+(?=\S)")
_QUOTE_MARK = re.compile(r"^\s{0,3}>\s?")
_HTML_TAG = re.compile(r"</?(?:br|p|div|span|em|strong|b|i|u|a|sup|sub)\b[^>]*>", re.I)
_ESCAPES = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_SEPARATOR = re.compile(r"^[\s*\-_=~#.•·+]*$")
_SENT_END = re.compile(r"[.!?…:;]['\"’”)\]]*$")
_BYLINE = re.compile(
    r"^(?:by|written by|words by|author|authors|reporting by)\s*[:\-]?\s+(?P<names>\S.{0,150})$", re.I
)
_DATE_PREFIX = re.compile(
    r"^(?:(?:first |originally )?published|posted|updated|last updated|last modified|date|dated)(?:\s+on)?\s*[:\-]?\s*(?P<rest>.+)$",
    re.I,
)
_ORIGINAL_SOURCE = re.compile(
    r"\b(?:the original source of this article is|this (?:article|story|post) (?:was )?(?:originally|first) "
    r"(?:published|appeared) (?:by|on|in|at))\s+(?P<src>.+?)(?:\s+copyright\b|\s*©|\.(?:\s|$)|\n|$)",
    re.I,
)
_ARTICLES_BY = re.compile(r"^articles? by\s*:\s*(?P<names>.+)$", re.I)

MAX_BODY_CHARS = 1_000_000  # longer bodies are cut at a paragraph boundary
MAX_HEADER_BLOCKS = 15


@dataclass
class Block:
    lines: list[str]  # cleaned lines
    link_only: bool = False
    heading: bool = False

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())


@dataclass
class Parsed:
    paragraphs: list[str]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: date | None = None
    published_from: str | None = None  # "dateline" for dates found in the text
    tags: list[str] = field(default_factory=list)
    original_source: str | None = None
    dateline_place: str | None = None
    truncated: bool = False


def clean_markdown_line(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(lambda m: m.group(1), line)
    line = _MD_REF_LINK.sub(lambda m: m.group(1), line)
    line = _AUTOLINK.sub(lambda m: m.group(1), line)
    line = _HTML_TAG.sub(" ", line)
    h = _HEADING.match(line)
    if h:
        line = h.group(1)
    line = _QUOTE_MARK.sub("", line)
    if not _SEPARATOR.match(line):
        line = _LIST_MARK.sub("", line)
    line = _EMPH.sub(lambda m: m.group(2) or m.group(3) or "", line)
    line = _ESCAPES.sub(r"\1", line)
    return " ".join(line.split())


def split_blocks(text: str, fmt: str) -> list[Block]:
    """Paragraph blocks (separated by blank lines; one per line if the text has no blank lines)."""
    if fmt == "md":
        text = _MD_REF_DEF.sub("", text)
    raw_blocks = [b for b in re.split(r"\n[ \t\u00a0]*\n", text) if b.strip()]
    if len(raw_blocks) == 1 and raw_blocks[0].count("\n") >= 3:
        raw_blocks = [ln for ln in raw_blocks[0].split("\n") if ln.strip()]
    blocks = []
    for rb in raw_blocks:
        raw_lines = [ln for ln in rb.split("\n") if ln.strip()]
        if fmt == "md":
            link_only = bool(_LINK_ONLY.match(rb.strip()))
            heading = bool(_HEADING.match(raw_lines[0])) and len(raw_lines) == 1
            lines = [clean_markdown_line(ln) for ln in raw_lines]
        else:
            link_only, heading = False, False
            lines = [" ".join(ln.split()) for ln in raw_lines]
        lines = [ln for ln in lines if ln]
        if lines or _SEPARATOR.match(rb):
            blocks.append(Block(lines=lines or [""], link_only=link_only, heading=heading))
    return blocks


def _is_separator(block: Block) -> bool:
    return bool(_SEPARATOR.match(block.text))


def _is_prose(line: str) -> bool:
    words = line.split()
    return len(words) >= 12 or (len(words) >= 6 and bool(_SENT_END.search(line)))


_PARTICLES = {
    "de",
    "da",
    "del",
    "der",
    "di",
    "du",
    "al",
    "el",
    "bin",
    "ibn",
    "van",
    "von",
    "la",
    "le",
    "dos",
    "das",
}


def _name_like(part: str) -> bool:
    words = part.split()
    if not words or len(words) > 6:
        return False
    lower = [
        w
        for w in words
        if w.lower() not in _PARTICLES and not any(x[:1].isupper() for x in re.split(r"[-'’]", w))
    ]
    return not lower


def split_names(names: str) -> list[str]:
    """Author names of a byline ("A, B and C"); [] if any part does not look like a name."""
    names = re.sub(r"\s*\([^)]*\)\s*", " ", names).strip()
    if re.search(r"\d|https?:|[!?]", names):
        return []
    parts = re.split(r"\s*(?:,|;|&|\band\b|\|)\s*", names)
    out = []
    for p in parts:
        p = p.strip(" .:-–—")
        if not p:
            continue
        if not _name_like(p):
            return []
        if p not in out:
            out.append(p)
    return out


def _date_line(line: str) -> tuple[date, str | None] | None:
    """(date, publisher or None) if ``line`` is a header date line."""
    if len(line) > 90:
        return None
    m = _DATE_PREFIX.match(line)
    if m:
        d = parse_date(m.group("rest"))
        return (d, None) if d else None
    for sep in (",", "|", " - ", " – ", " — ", "·", "•"):
        if sep in line:
            head, rest = line.split(sep, 1)
            head = head.strip()
            d = parse_date(rest)
            if d and head and not re.search(r"\d", head) and len(head.split()) <= 6:
                if re.fullmatch(
                    r"(?i)(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?",
                    head,
                ):
                    return d, None
                return d, head
    if len(line) <= 50 and len(line.split()) <= 8:
        d = parse_date(line)
        if d:
            return d, None
    return None


def parse_header(
    blocks: list[Block], rules: Rules, *, allow_title: bool = True
) -> tuple[Parsed, int, list[str]]:
    """Read header lines from the top. Returns (metadata, index of the first body block, lines of
    that block still to keep when a block starts with header lines and goes on with prose)."""
    meta = Parsed(paragraphs=[])
    i = 0
    rest_lines: list[str] = []
    while i < len(blocks) and i < MAX_HEADER_BLOCKS:
        b = blocks[i]
        if _is_separator(b):
            i += 1
            continue
        if b.link_only and len(b.text) <= 120:
            i += 1
            continue
        consumed = 0
        for line in b.lines:
            if not _header_line(
                line,
                meta,
                rules,
                first=(i == 0 and consumed == 0),
                single=len(b.lines) == 1,
                heading=b.heading,
                allow_title=allow_title,
            ):
                break
            consumed += 1
        if consumed == len(b.lines):
            i += 1
            continue
        rest_lines = b.lines[consumed:] if consumed else []
        break
    return meta, i, rest_lines


def _header_line(
    line: str, meta: Parsed, rules: Rules, *, first: bool, single: bool, heading: bool, allow_title: bool
) -> bool:
    """Classify one header line into ``meta``; False when it is body text."""
    if not line:
        return True
    if _is_prose(line) and not _BYLINE.match(line):
        return False
    m = _BYLINE.match(line)
    if m and len(line.split()) <= 12:
        names = split_names(m.group("names"))
        if names:
            meta.authors.extend(n for n in names if n not in meta.authors)
            return True
    dl = _date_line(line)
    if dl:
        if meta.published is None:
            meta.published = dl[0]
            meta.published_from = "dateline"
        if dl[1] and meta.publisher is None:
            meta.publisher = dl[1]
        return True
    tags = rules.tag_values(line)
    if tags is not None:
        meta.tags.extend(t for t in tags if t not in meta.tags)
        return True
    if rules.match(line):
        return True  # boilerplate in the header ("Share this article")
    # A line that repeats a name we already have (a byline link repeated under the date).
    known = {n.lower() for n in meta.authors} | ({meta.publisher.lower()} if meta.publisher else set())
    if line.lower().strip(" .") in known:
        return True
    if (
        allow_title
        and meta.title is None
        and (single or heading)
        and len(line) <= 200
        and len(line.split()) <= 30
        and not re.search(r"[.,;:]['\"’”]?$", line)
    ):
        meta.title = rules.strip_title_label(line)
        return True
    return False


def clean_body(blocks: list[Block], rules: Rules, meta: Parsed) -> list[str]:
    """Drop separators, navigation and boilerplate blocks; cut the trailing boilerplate block."""
    kept: list[Block] = []
    for b in blocks:
        text = b.text
        src = _ORIGINAL_SOURCE.search(text)
        if src and meta.original_source is None:
            meta.original_source = src.group("src").strip(" .,") or None
        if _is_separator(b) or not text:
            kept.append(b)  # separators matter for the tail scan; dropped below
            continue
        if b.link_only and len(text) <= 120:
            kept.append(Block(lines=[""], link_only=True))
            continue
        if rules.match(text):
            _harvest(text, rules, meta)
            continue
        kept.append(b)
    # Tail scan: back from the end over boilerplate, separators and weak lines.
    cut = len(kept)
    j = len(kept) - 1
    while j >= 0:
        b = kept[j]
        text = b.text
        if not text or _is_separator(b):
            j -= 1
            continue
        if rules.match(text, tail=True):
            _harvest(text, rules, meta)
            cut = j
            j -= 1
            continue
        if not _is_prose(text) and len(text) <= 80:  # a lone name or label between boilerplate
            j -= 1
            continue
        break
    body = kept[:cut]
    # Separators and emptied blocks at the end of what is left go too.
    return [b.text for b in body if b.text and not _is_separator(b)]


def _harvest(text: str, rules: Rules, meta: Parsed) -> None:
    """Metadata from a boilerplate block before it goes."""
    m = _ARTICLES_BY.match(text)
    if m and not meta.authors:
        meta.authors = split_names(m.group("names"))
    tags = rules.tag_values(text)
    if tags:
        meta.tags.extend(t for t in tags if t not in meta.tags)


def cap_paragraphs(paras: list[str], limit: int = MAX_BODY_CHARS) -> tuple[list[str], bool]:
    total = 0
    for k, p in enumerate(paras):
        total += len(p) + 2
        if total > limit:
            return paras[:k] if k else [p[:limit]], True
    return paras, False


def parse_text(text: str, fmt: str = "txt", rules: Rules | None = None) -> Parsed:
    """Header metadata and clean body paragraphs of a plain-text or markdown export."""
    rules = rules or default_rules()
    blocks = split_blocks(text, "md" if fmt == "md" else "txt")
    meta, start, rest_lines = parse_header(blocks, rules)
    body_blocks = blocks[start:]
    if rest_lines and body_blocks:
        body_blocks = [Block(lines=rest_lines)] + body_blocks[1:]
    meta.paragraphs = clean_body(body_blocks, rules, meta)
    if not meta.paragraphs and meta.title and start > 0:
        # Nothing but a header: a one-line text is its own body.
        meta.paragraphs = [meta.title]
    meta.paragraphs, meta.truncated = cap_paragraphs(meta.paragraphs)
    _apply_dateline(meta)
    return meta


def _apply_dateline(meta: Parsed) -> None:
    if not meta.paragraphs:
        return
    dl = find_dateline(meta.paragraphs[0])
    if dl:
        meta.dateline_place = dl.place
        if dl.date and meta.published is None:
            meta.published, meta.published_from = dl.date, "dateline"
