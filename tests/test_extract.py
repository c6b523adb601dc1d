"""The extract stage on real inputs: exports, HTML, records, directories, stdin, bad input."""

from __future__ import annotations

import base64
import gzip
import io
import json
import logging
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from sitreps.evaluate.extract import evaluate_extract, shingle_scores
from sitreps.extract import ExtractError, ReadError, article_from_text, iter_documents, to_article
from sitreps.extract.boilerplate import BoilerplateConfigError, default_rules, parse_rules
from sitreps.model import Article, RawDocument

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
PALMYRA = ROOT / "examples" / "palmyra-2019-05-31.md"
SEED = Path("/work/shared/data/seed/palmyra.events.jsonl")

PALMYRA_GOLD = {
    "title": "Syrian Army Cracks Down on ISIS Cells Near Palmyra",
    "published": "2019-05-31",
    "publisher": "Global Research",
    "authors": ["South Front"],
    "original_source": "South Front",
    "body_starts_with": "The Syrian Arab Army (SAA) eliminated an ISIS cell",
    "body_ends_with": "are not interested in de-escalation.",
    "body_excludes": [
        "PayPal",
        "fair use",
        "Note to readers",
        "Comment on Global Research",
        "Region:",
        "publications@globalresearch.ca",
    ],
}


def _articles(items):
    """to_article over iter_documents output: (source, Article | ExtractError | ReadError)."""
    out = []
    for item in items:
        if isinstance(item, ReadError):
            out.append((item.source, item))
            continue
        try:
            out.append((item.source, to_article(item)))
        except ExtractError as exc:
            out.append((item.source, exc))
    return out


def _check_paragraphs(a: Article) -> None:
    assert a.paragraphs, "no paragraphs"
    assert a.paragraphs[0][0] == 0 and a.paragraphs[-1][1] == len(a.body)
    for (_s, e), (s2, _) in zip(a.paragraphs, a.paragraphs[1:], strict=False):
        assert a.body[e:s2] == "\n\n"
    for s, e in a.paragraphs:
        assert a.body[s:e].strip() == a.body[s:e] and "\n\n" not in a.body[s:e]


def _check_gold(a: Article, gold: dict) -> None:
    assert a.title == gold["title"]
    assert a.published == date.fromisoformat(gold["published"])
    assert a.publisher == gold["publisher"]
    assert a.authors == gold["authors"]
    assert a.original_source == gold["original_source"]
    assert a.body.startswith(gold["body_starts_with"])
    assert a.body.endswith(gold["body_ends_with"])
    for s in gold["body_excludes"]:
        assert s not in a.body, s


# --- markdown / text exports -------------------------------------------------------------------


def test_palmyra_export_metadata_and_boilerplate():
    [raw] = list(iter_documents([str(PALMYRA)]))
    a = to_article(raw)
    _check_gold(a, PALMYRA_GOLD)
    assert a.published_from == "dateline"  # from "Global Research, May 31, 2019"
    assert a.tags == ["Middle East & North Africa", "Intelligence", "US NATO War Agenda", "SYRIA"]
    assert a.format == "md" and a.language == "en"
    assert a.id == Article.make_id(a.body)
    assert "[" not in a.body and "](#)" not in a.body
    assert len(a.paragraphs) == 8
    _check_paragraphs(a)


@pytest.mark.skipif(not SEED.exists(), reason="seed gold not available")
def test_palmyra_seed_gold_record():
    rec = json.loads(SEED.read_text().splitlines()[0])
    a = article_from_text(rec["text"], format=rec["format"])
    _check_gold(a, rec["article"])


def test_export_rules_are_general():
    """Same header/footer shapes with other names, labels and text."""
    text = (
        "## Breaking: Militia Attack Repelled Near Goma\n\n"
        "By Jane Doe and Paul Kamau\n\n"
        "Great Lakes Observer, 7 November 2020\n\n"
        "Topics: [Congo](#), [Security](#)\n\n"
        "Soldiers repelled an attack by a militia on an army base north of Goma on Friday, "
        "killing six attackers, an army spokesman said.\n\n"
        "Residents said the fighting lasted most of the night.\n\n"
        "***\n\n"
        "This article was originally published by Kivu Weekly.\n\n"
        "Please support our work: make a donation via PayPal.\n\n"
        "Copyright © Great Lakes Observer 2020\n\n"
        "Disclaimer: The views expressed in this article are solely responsibility of the author.\n\n"
        "Press inquiries: desk@example.org\n"
    )
    a = article_from_text(text, format="md")
    assert a.title == "Militia Attack Repelled Near Goma"
    assert a.authors == ["Jane Doe", "Paul Kamau"]
    assert a.publisher == "Great Lakes Observer"
    assert a.published == date(2020, 11, 7) and a.published_from == "dateline"
    assert a.tags == ["Congo", "Security"]
    assert a.original_source == "Kivu Weekly"
    assert a.body.startswith("Soldiers repelled")
    assert a.body.endswith("most of the night.")


def test_plain_text_without_header_is_all_body():
    text = (
        "Protesters clashed with police in the city centre on Sunday, and at least 12 people were "
        "arrested, officials said.\nThe protest was against a new tax law.\n"
    )
    a = article_from_text(text)
    assert a.title is None and a.published is None and a.published_from == "none"
    assert a.body == " ".join(text.split())


def test_plain_text_title_and_wire_dateline():
    text = (
        "Police disperse protest in Kisumu\n\n"
        "KISUMU, Kenya (Demo Wire) — Police fired tear gas on Saturday to disperse several hundred "
        "protesters, witnesses said.\n\nMore than 20 people were arrested.\n"
    )
    a = article_from_text(text)
    assert a.title == "Police disperse protest in Kisumu"
    assert a.body.startswith("KISUMU, Kenya (Demo Wire) — Police")
    b = article_from_text(
        "MOSCOW, May 5, 2019 (Reuters) - Officials said on Sunday that the talks had ended without agreement."
    )
    assert b.published == date(2019, 5, 5) and b.published_from == "dateline"
    c = article_from_text(
        "Published July 5 2016\n\nTroops and rebels fought for control of the town on Monday, residents said."
    )
    assert c.published == date(2016, 7, 5) and c.body.startswith("Troops")


def test_relative_dates_never_become_publication_dates():
    a = article_from_text(
        "Published today\n\nTroops and rebels fought near the town yesterday, residents said on Monday."
    )
    assert a.published is None and a.published_from == "none"


def test_byline_like_sentence_is_not_a_byline():
    a = article_from_text("By the end of the day, troops had withdrawn from the town, a local official said.")
    assert a.authors == [] and a.body.startswith("By the end of the day")


# --- HTML ---------------------------------------------------------------------------------------


def test_html_fixture():
    [raw] = list(iter_documents([str(FIXTURES / "clash.html")]))
    assert raw.format == "html" and isinstance(raw.content, bytes)
    a = to_article(raw)
    assert a.title == "Fighting in Ber leaves nine dead"
    assert a.publisher == "Test Desert Courier"
    assert a.authors == ["Moussa Traore"]
    assert a.published == date(2022, 8, 3) and a.published_from == "metadata"
    assert a.body.startswith("Malian troops and fighters of an armed group clashed on Tuesday")
    assert a.body.endswith("fled towards Timbuktu since the weekend.")
    for junk in (
        "Football results",
        "Subscribe to our newsletter",
        "All rights reserved",
        "tracking",
        "Sport",
    ):
        assert junk not in a.body
    assert len(a.paragraphs) == 4
    _check_paragraphs(a)


def test_html_string_and_override_date():
    html = (FIXTURES / "clash.html").read_text(encoding="utf-8")
    a = article_from_text(html, format="html", published=date(2022, 8, 4), url="https://example.org/ber")
    assert a.published == date(2022, 8, 4) and a.published_from == "record"
    assert a.url == "https://example.org/ber"


def test_huge_html_page_is_capped(tmp_path):
    para = (
        "<div><p>Government troops clashed with fighters near the town on day {i}, officials said, "
        "and at least four people were killed in the fighting.</p></div>\n"
    )
    parts = [
        "<html><head><title>Big</title><script>",
        "var x = 1;" * 200_000,
        "</script></head><body><article>",
    ]
    size = sum(map(len, parts))
    i = 0
    while size < 20_000_000:
        chunk = "".join(para.format(i=i + k) for k in range(1000))
        parts.append(chunk)
        size += len(chunk)
        i += 1000
    parts.append("</article></body></html>")
    big = tmp_path / "big.html"
    big.write_text("".join(parts), encoding="utf-8")
    good = tmp_path / "z_good.txt"
    good.write_text(
        "Soldiers and rebels clashed near the border town on Monday, killing three people, officials said."
    )
    t0 = time.perf_counter()
    results = _articles(iter_documents([str(tmp_path)]))
    elapsed = time.perf_counter() - t0
    assert [Path(s).name for s, _ in results] == ["big.html", "z_good.txt"]
    big_art = results[0][1]
    assert isinstance(big_art, Article)  # a clean (truncated) result, not a hang
    assert big_art.body.startswith("Government troops clashed")
    assert len(big_art.body) <= 1_000_000
    assert isinstance(results[1][1], Article)
    assert elapsed < 15, f"20 MB page took {elapsed:.1f}s"


# --- records, directories, stdin ---------------------------------------------------------------


def test_jsonl_records():
    path = FIXTURES / "records.jsonl"
    items = list(iter_documents([str(path)]))
    by_src = {it.source: it for it in items}
    p = str(path)
    assert [it.source for it in items] == [f"{p}:{n}" for n in (1, 3, 4, 5, 6, 7, 8)]
    r1 = by_src[f"{p}:1"]
    assert isinstance(r1, RawDocument) and r1.published == date(2021, 4, 10)
    assert r1.url == "https://example.org/diffa" and r1.meta["id"] == "r1"
    a1 = to_article(r1)
    assert a1.title == "Police station attacked in Diffa"
    assert a1.country_hint == "NE" and a1.published_from == "record"
    assert isinstance(by_src[f"{p}:3"], ReadError) and "invalid JSON" in by_src[f"{p}:3"].reason
    assert isinstance(by_src[f"{p}:4"], ReadError) and "text" in by_src[f"{p}:4"].reason
    assert isinstance(by_src[f"{p}:5"], ReadError) and "object" in by_src[f"{p}:5"].reason
    a5 = to_article(by_src[f"{p}:6"])
    assert a5.format == "html" and a5.body.startswith("Security forces used tear gas")
    assert isinstance(by_src[f"{p}:7"], ReadError) and "format" in by_src[f"{p}:7"].reason
    with pytest.raises(ExtractError, match="empty"):
        to_article(by_src[f"{p}:8"])


def test_json_file_single_and_list(tmp_path):
    rec = {
        "text": "Rebels shelled the northern district on Sunday, killing four civilians, the army said.",
        "published": "2020-02-02",
    }
    (tmp_path / "one.json").write_text(json.dumps(rec))
    (tmp_path / "many.json").write_text(json.dumps([rec, {"nope": 1}]))
    (tmp_path / "broken.json").write_text("{not json")
    items = list(iter_documents([str(tmp_path / n) for n in ("one.json", "many.json", "broken.json")]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "ReadError", "ReadError"]
    assert items[1].source.endswith("many.json[0]") and items[2].source.endswith("many.json[1]")
    assert to_article(items[0]).published == date(2020, 2, 2)


def test_directory_walk(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    body = "Police arrested ten protesters in the capital on Friday after clashes near parliament, witnesses said."
    (tmp_path / "b" / "2.md").write_text(body)
    (tmp_path / "a.txt").write_text(body)
    (tmp_path / "c.html").write_text(f"<html><body><article><p>{body}</p></article></body></html>")
    (tmp_path / ".secret.txt").write_text(body)
    (tmp_path / ".hidden" / "x.txt").write_text(body)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "README.md").write_text("# About these files")
    items = list(iter_documents([str(tmp_path)], published=date(2020, 1, 1)))
    assert [Path(i.source).relative_to(tmp_path).as_posix() for i in items] == ["a.txt", "c.html", "b/2.md"]
    assert [i.format for i in items] == ["txt", "html", "md"]
    arts = [to_article(i) for i in items]
    assert all(a.published == date(2020, 1, 1) and a.published_from == "override" for a in arts)
    assert len({a.id for a in arts}) == 1  # same text, same id, whatever the format


def test_missing_and_unknown_paths(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    items = list(iter_documents([str(tmp_path / "nope.txt"), str(tmp_path / "x.pdf"), str(PALMYRA)]))
    assert isinstance(items[0], ReadError) and "no such file" in items[0].reason
    assert isinstance(items[1], ReadError) and "unknown file type" in items[1].reason
    assert isinstance(items[2], RawDocument)


def test_stdin_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PALMYRA.read_text(encoding="utf-8")))
    [raw] = list(iter_documents(["-"], stdin_format="md"))
    assert raw.source == "-" and raw.format == "md"
    _check_gold(to_article(raw), PALMYRA_GOLD)


def test_stdin_bytes_jsonl(monkeypatch):
    data = (FIXTURES / "records.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    items = list(iter_documents(["-"], stdin_format="jsonl"))
    assert items[0].source == "-:1" and isinstance(items[0], RawDocument)
    assert sum(isinstance(i, ReadError) for i in items) == 4


# --- bad input in a batch ----------------------------------------------------------------------


def test_bad_inputs_do_not_stop_the_batch(tmp_path):
    english = (
        "Security forces opened fire on demonstrators in the city on Thursday, killing two people "
        "and wounding several others, according to a local rights group.\n"
    )
    (tmp_path / "01_empty.txt").write_bytes(b"")
    (tmp_path / "02_junk.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "03_ctrl.txt").write_bytes(bytes(range(1, 9)) * 400)
    cp = (
        "Caf\u00e9 owners in the old town said the \u201cattack\u201d began at dawn \u2014 soldiers then closed the road. "
        * 3
    )
    (tmp_path / "04_cp1252.txt").write_bytes(cp.encode("cp1252"))
    (tmp_path / "05_french.txt").write_text(
        "Les forces de s\u00e9curit\u00e9 ont dispers\u00e9 une manifestation dans la capitale jeudi, faisant deux morts "
        "et plusieurs bless\u00e9s, selon une organisation de d\u00e9fense des droits de l'homme. Les manifestants "
        "protestaient contre la hausse des prix et la vie ch\u00e8re dans le pays depuis des mois.",
        encoding="utf-8",
    )
    (tmp_path / "06_russian.txt").write_text(
        "\u0421\u0438\u043b\u044b \u0431\u0435\u0437\u043e\u043f\u0430\u0441\u043d\u043e\u0441\u0442\u0438 "
        "\u0440\u0430\u0437\u043e\u0433\u043d\u0430\u043b\u0438 \u043c\u0438\u0442\u0438\u043d\u0433 " * 10,
        encoding="cp1251",
    )
    (tmp_path / "07_nobody.html").write_text(
        "<html><head><title>x</title><script>var a=1;</script></head><body></body></html>"
    )
    (tmp_path / "08_good.txt").write_text(english)
    results = dict(_articles(iter_documents([str(tmp_path)])))
    r = {Path(k).name: v for k, v in results.items()}
    assert isinstance(r["01_empty.txt"], ExtractError) and "empty" in str(r["01_empty.txt"])
    assert isinstance(r["02_junk.txt"], ExtractError) and "binary" in str(r["02_junk.txt"])
    assert isinstance(r["03_ctrl.txt"], ExtractError) and "not decodable" in str(r["03_ctrl.txt"])
    assert isinstance(r["04_cp1252.txt"], Article)
    assert r["04_cp1252.txt"].body.startswith(
        "Caf\u00e9 owners in the old town said the \u201cattack\u201d began at dawn \u2014"
    )
    assert isinstance(r["05_french.txt"], ExtractError) and "not English (looks like French)" in str(
        r["05_french.txt"]
    )
    assert isinstance(r["06_russian.txt"], ExtractError) and "not English (looks like Cyrillic" in str(
        r["06_russian.txt"]
    )
    assert isinstance(r["07_nobody.html"], ExtractError) and "no body text" in str(r["07_nobody.html"])
    assert isinstance(r["08_good.txt"], Article) and r["08_good.txt"].body == english.strip()
    assert str(r["01_empty.txt"]).startswith(str(tmp_path))  # the message names the source


def test_utf8_bom_and_crlf():
    raw = RawDocument(
        source="bom",
        content="\ufeffTitle here\r\n\r\nTroops shelled the village on Monday, residents said.\r\n".encode(),
        format="txt",
    )
    a = to_article(raw)
    assert a.title == "Title here" and a.body == "Troops shelled the village on Monday, residents said."


def test_absurd_dates_are_dropped_with_a_note(caplog):
    caplog.set_level(logging.WARNING, logger="sitreps.extract")
    text = (
        "Published July 5 1850\n\nTroops and rebels fought for control of the town on Monday, residents said."
    )
    a = article_from_text(text)
    assert a.published is None and a.published_from == "none"
    future = date.today() + timedelta(days=30)
    b = article_from_text("Troops and rebels fought for the town, residents said.", published=future)
    assert b.published is None and b.published_from == "none"
    # An absurd record date falls back to a plausible dateline.
    raw = RawDocument(
        source="r",
        content="Published July 5 2016\n\nTroops fought rebels near the town, residents said.",
        format="txt",
        published=date(1066, 10, 14),
    )
    c = to_article(raw)
    assert c.published == date(2016, 7, 5) and c.published_from == "dateline"
    assert "absurd" in caplog.text and "1850-07-05" in caplog.text


def test_absurd_record_date_in_jsonl(tmp_path):
    line = {
        "text": "Rebels ambushed an army patrol near the village on Monday, killing five soldiers, officials said.",
        "published": "2999-01-01",
    }
    bad = {
        "text": "Rebels ambushed an army patrol near the village on Monday, killing five soldiers, officials said.",
        "published": "soon",
    }
    (tmp_path / "d.jsonl").write_text(json.dumps(line) + "\n" + json.dumps(bad) + "\n")
    arts = [to_article(i) for i in iter_documents([str(tmp_path / "d.jsonl")])]
    assert [a.published for a in arts] == [None, None]
    assert [a.published_from for a in arts] == ["none", "none"]


# --- boilerplate data file ---------------------------------------------------------------------


def test_boilerplate_file_loads_and_validates():
    rules = default_rules()
    assert {k.name for k in rules.kinds} >= {"share", "donation", "disclaimer", "credits", "contact"}
    with pytest.raises(
        BoilerplateConfigError, match=r"bp\.yaml:5: kinds\.x\.patterns\[0\]: bad regular expression"
    ):
        parse_rules("kinds:\n  x:\n    scope: tail\n    patterns:\n      - '(oops'\n", "bp.yaml")
    with pytest.raises(BoilerplateConfigError, match=r"bp\.yaml:3: kinds\.x\.scope"):
        parse_rules("kinds:\n  x:\n    scope: middle\n    patterns: ['a']\n", "bp.yaml")
    with pytest.raises(BoilerplateConfigError, match="unknown key"):
        parse_rules("kinds: {}\nextra: 1\n", "bp.yaml")


# --- evaluation harness ------------------------------------------------------------------------


def test_evaluate_extract_scores_and_survives_broken_pages():
    html = (FIXTURES / "clash.html").read_bytes()
    gold = to_article(RawDocument(source="g", content=html, format="html")).body
    recs = [
        {
            "url": "https://example.org/ber",
            "html_gz_b64": base64.b64encode(gzip.compress(html)).decode(),
            "body": gold,
        },
        {
            "url": "https://example.org/broken",
            "html_gz_b64": "!!!not base64",
            "body": "Some gold text that we fail to extract here.",
        },
    ]
    res = evaluate_extract(recs)
    assert res["n"] == 2 and res["precision"] == 1.0 and res["recall"] == 0.5
    assert res["title_acc"] is None and res["date_acc"] is None and res["author_acc"] is None
    assert shingle_scores("a b c d e", "a b c d") == (1.0, 0.5)
