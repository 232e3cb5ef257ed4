"""The stamp parser on the shapes stamps take, and the stamps pack end to end through the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import run_cli, shared_path
from copylint.checks.stamps import _summer, find_stamps
from copylint.formats import read_document


def stamps_in(text: str):
    return find_stamps(read_document("case.txt", text, "text", ()))


@pytest.mark.parametrize(
    "text,label,date,time,zone,weekday",
    [
        ("Updated 11:29 AM EDT, Tue, Jun 16, 2020", "updated", dt.date(2020, 6, 16), (11, 29), "EDT", "Tue"),
        ("Updated 0203 GMT (1003 HKT)", "updated", None, (2, 3), "GMT", ""),
        ("UPDATED: 8:49 am EST January 23, 2008", "updated", dt.date(2008, 1, 23), (8, 49), "EST", ""),
        ("Published Nov. 20, 2019 at 1:39 a.m.", "published", dt.date(2019, 11, 20), (1, 39), "", ""),
        ("Updated 1:39 am EST, Wednesday, November 20, 2019", "updated", dt.date(2019, 11, 20), (1, 39), "EST",
         "Wednesday"),
        ("Last modified on Tue 4 Feb 2020 12.33 GMT", "updated", dt.date(2020, 2, 4), (12, 33), "GMT", "Tue"),
        ("2020-06-16T11:29:00Z", "", dt.date(2020, 6, 16), (11, 29), "", ""),
        ("Posted: Fri 6:45 PM, Feb 16, 2018", "published", dt.date(2018, 2, 16), (18, 45), "", "Fri"),
        ("Monday, November 18, 2019, 04:05 pm PT (07:05 pm ET)", "", dt.date(2019, 11, 18), (16, 5), "PT", "Monday"),
        ("First published on November 19, 2019 / 8:16 AM", "published", dt.date(2019, 11, 19), (8, 16), "", ""),
        ("Updated: 18 Nov 2019 9:38 pm", "updated", dt.date(2019, 11, 18), (21, 38), "", ""),
    ],
)
def test_parser_reads_stamp_shapes(text, label, date, time, zone, weekday):
    (stamp,) = stamps_in(text + "\n")
    assert stamp.text == text
    assert (stamp.label, stamp.date, stamp.time, stamp.zone, stamp.weekday) == (label, date, time, zone, weekday)
    assert stamp.standalone


def test_year_is_not_read_as_a_clock():
    (stamp,) = stamps_in("Tue 4 Feb 2020 GMT was the day.\n")
    assert stamp.date == dt.date(2020, 2, 4) and stamp.time is None


def test_stamp_never_spans_lines():
    assert all(s.date is None or s.date.year != 2000 for s in stamps_in("Tuesday, 1 March\n2000m: a record\n"))


@pytest.mark.parametrize(
    "family,day,summer",
    [
        ("us", dt.date(2020, 3, 8), None),  # changeover Sunday
        ("us", dt.date(2020, 3, 9), True),
        ("us", dt.date(2020, 11, 1), None),
        ("us", dt.date(2020, 11, 2), False),
        ("us", dt.date(2005, 4, 4), True),  # the pre-2007 rules
        ("us", dt.date(2005, 10, 31), False),
        ("uk", dt.date(2019, 3, 31), None),
        ("uk", dt.date(2019, 10, 28), False),
        ("uk", dt.date(2019, 7, 1), True),
    ],
)
def test_daylight_saving_calendar(family, day, summer):
    assert _summer(family, day) is summer


def _json(*args: str, cwd=None) -> dict:
    proc = run_cli(*args, "--format", "json", cwd=cwd)
    return json.loads(proc.stdout)


def test_seed_stamp_gives_one_clear_report():
    seed = shared_path("examples", "seed-article.txt")
    data = _json(str(seed), "--select", "stamps", "--as-of", "2017-01-20")
    at_line_1 = sorted((f["rule"], f["severity"]) for f in data["findings"] if f["line"] == 1)
    assert at_line_1 == [("stamps.in-body", "warning"), ("stamps.newer-than-story", "suggestion")]
    assert all(f["line"] == 1 for f in data["findings"])


def test_in_body_fix_is_offered_but_unsafe(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Updated 11:29 AM EDT, Tue, Jun 16, 2020\n\nThe council voted.\n", encoding="utf-8")
    (finding,) = _json(str(article), "--select", "stamps.in-body")["findings"]
    assert finding["fix"]["safe"] is False
    (edit,) = finding["fix"]["edits"]
    assert (edit["start_offset"], edit["end_offset"], edit["replacement"]) == (0, 39, "")
    run_cli(str(article), "--select", "stamps.in-body", "--fix")
    assert article.read_text(encoding="utf-8").startswith("Updated")  # unsafe fixes are not applied


def test_as_of_and_front_matter_set_the_reference_date(tmp_path):
    text = "Updated 1:39 am EST, Wednesday, November 20, 2019\n\nThe pool will close in 2019.\n"
    plain = tmp_path / "story.txt"
    plain.write_text(text, encoding="utf-8")
    assert _json(str(plain), "--select", "stamps.stale", "--as-of", "2019-11-30")["findings"] == []
    assert len(_json(str(plain), "--select", "stamps.stale", "--as-of", "2020-03-01")["findings"]) == 1
    md = tmp_path / "story.md"
    md.write_text("---\nupdated: 2019-11-21\n---\n\n" + text, encoding="utf-8")
    # the front matter wins over --as-of
    assert _json(str(md), "--select", "stamps.stale", "--as-of", "2020-03-01")["findings"] == []


def test_option_from_config_file(tmp_path):
    (tmp_path / ".copylint.yaml").write_text("rules:\n  stamps.stale:\n    max-age-days: 400\n", encoding="utf-8")
    article = tmp_path / "story.txt"
    article.write_text("Updated 1:39 am EST, Wednesday, November 20, 2019\n\nIn 2019.\n", encoding="utf-8")
    assert _json(str(article), "--select", "stamps.stale", "--as-of", "2020-03-01", cwd=tmp_path)["findings"] == []


def test_a_negative_day_count_is_a_config_error(tmp_path):
    (tmp_path / ".copylint.yaml").write_text("rules:\n  stamps.stale:\n    max-age-days: -3\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("In 2019.\n", encoding="utf-8")
    res = run_cli("story.txt", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.decode().strip().splitlines()[-1].endswith(".copylint.yaml:3: stamps.stale.max-age-days: must be 0 or more (days)")


def test_bbc_corpus_has_no_stamp_warnings():
    corpus = shared_path("corpus", "bbc-news", "business")
    data = _json(str(corpus), "--select", "stamps")
    assert [f for f in data["findings"] if f["severity"] != "suggestion"] == []


def test_line_stamps_are_found_once_a_document_for_both_packs():
    """find_stamps is shared through the document's analysis cache (the stamps pack and the
    boilerplate pack both read it): the same list each time, and what a fresh search finds."""
    from copylint.checks import boilerplate, stamps

    doc = read_document("case.txt", "Updated 11:29 AM EDT, Tue, Jun 16, 2020\n\nThe story.\n", "text", ())
    first = find_stamps(doc)
    assert find_stamps(doc) is first
    assert first == stamps._line_stamps(read_document("case.txt", doc.source, "text", ()), boilerplate.line_terms().date_label)
    assert boilerplate._stamp_starts(doc) == frozenset(s.start for s in first if s.standalone and s.line_start) == {0}


def test_the_lines_beside_a_stamp_are_what_a_copy_of_the_prose_around_it_gives():
    """_line_before/_line_after walk from the stamp (linear on a page of many stamps) and find the
    line a copy of the prose before or after it, stripped, would: blank lines and spaces skipped."""
    import random

    from copylint.checks import stamps

    rng = random.Random(7)
    for _ in range(400):
        prose = "".join(rng.choice(["a", "b c", " ", "\n", "\t", "\u00a0", "\n\n", "x\r"]) for _ in range(rng.randrange(30)))
        for at in range(len(prose) + 1):
            before = prose[:at].rstrip().rsplit("\n", 1)[-1] if prose[:at].strip() else ""
            after = prose[at:].lstrip().split("\n", 1)[0] if prose[at:].strip() else ""
            assert (stamps._line_before(prose, at), stamps._line_after(prose, at)) == (before, after), (prose, at)
