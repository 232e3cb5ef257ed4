"""Turn other publishers' clean copy into plain-text stories for bench/precision.py.

    python bench/sources.py NLTK_DATA_DIR OUT_DIR

NLTK_DATA_DIR is an unpacked copy of NLTK's corpus packages (the `nltk/nltk_data` repository's
`packages/corpora/*.zip`, unzipped side by side). Four of them are real, edited news copy:

- `brown`: the Brown corpus's press sections (A reportage, B editorials, C reviews), American
  newspapers of 1961, tokenised and tagged: the tags are dropped, the punctuation NLTK's copy
  writes twice written once, headlines and crossheads set as paragraphs of their own, and the
  tokens joined back.
- `treebank`: the Penn Treebank sample's raw Wall Street Journal stories (1989).
- `ieer`: the NIST IE-ER 1999 newswire sample, New York Times and Associated Press stories of
  1998 in SGML: the entity marks and headers are dropped, LDC's ``quotes'' restored and the
  wire's fraction codes ("1{ cups") written as fractions.
- `abc`: Australian Broadcasting Corporation rural and science news of 2006, one file per
  section: cut into blocks at blank lines, the paragraphs of a quotation the corpus cut dropped.

Each source becomes OUT_DIR/<name>/*.txt, one story a file. Nothing here is committed: the texts
stay outside the repository (see docs/precision.md for their licences).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_TAG_RE = re.compile(r"<[^>]*>")
_FRACTIONS = {"{": "\u00bd", "[": "\u00bc", "}": "\u00be"}
_FRACTION_RE = re.compile(r"(?:(?<=\d)|(?<=\s)|^)[{}\[](?=\s)", re.MULTILINE)
_SPACE_BEFORE_RE = re.compile(r" ([,.;:?!%)\]}]|'s\b|n't\b|'')")
_SPACE_AFTER_RE = re.compile(r"([(\[{$]|``) ")


def _single_quotes(tokens: list[str]) -> list[str]:
    """Brown writes a quotation inside a quotation with a lone ' token at each end: attach it
    to the word it opens or closes (an opening one stands before a word, after a space or mark)."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = out[-1] if out else ""
        if tok == "'" and nxt[:1].isalnum() and not prev[-1:].isalnum():
            out.append("'\u0000")  # glued to the next token below
        elif tok == "'" and out:
            out[-1] += "'"
        else:
            out.append(tok)
    return out


def _detokenise(tokens: list[str]) -> str:
    text = " ".join(_single_quotes(tokens)).replace("\u0000 ", "")
    text = _SPACE_BEFORE_RE.sub(r"\1", text)
    text = _SPACE_AFTER_RE.sub(r"\1", text)
    text = re.sub(r"(?<=[A-Za-z]\.)\.(?!\.)", "", text)  # "Jr.", "p.m.", "Calif." ending a sentence: one stop
    return text.replace("``", '"').replace("''", '"')


def _drop_cut_quotation(paragraphs: list[str]) -> list[str]:
    """The corpora keep a sample of each story (Brown: about 2,000 words; ABC: the first
    paragraphs). Where the sample ends inside a quotation that runs over several paragraphs,
    each of its paragraphs opens a quote mark and none closes it, and its end is not in the
    corpus: drop those paragraphs, not the copy's own slips before them."""
    out = list(paragraphs)
    while len(out) > 1 and out[-1].startswith('"') and out[-1].count('"') % 2:
        out.pop()
    return out


def _heading(tokens: list[str]) -> bool:
    """A headline or crosshead: most of the line's words are tagged `-hl`."""
    words = [t for t in tokens if t.rsplit("/", 1)[0][:1].isalnum()]
    return bool(words) and 2 * sum(t.endswith("-hl") for t in words) >= len(words)


def _undouble(tokens: list[str]) -> list[str]:
    """NLTK's copy writes most punctuation tokens twice: every semicolon ("; ;"), most question
    and exclamation marks, a comma or colon after a number ("Henry 4 , ,", "Section 1 : :")
    and an opening bracket; keep one."""
    return [t for i, t in enumerate(tokens) if not (t in _DOUBLED and i and tokens[i - 1] == t)]


_DOUBLED = frozenset(";?!:,(")


def brown(src: Path, out: Path) -> int:
    """Press sections A-C: one story a file, paragraphs as in the corpus.

    A paragraph's lines (one sentence each) are joined before the tokens are, so a closing mark
    that starts a line closes the sentence before it. A headline or crosshead line becomes a
    paragraph of its own (the corpus runs it into the story's first paragraph) and the lone
    full stop the corpus gives it is dropped. A quotation the sample cut is dropped
    (`_drop_cut_quotation`)."""
    n = 0
    for path in sorted(src.glob("c[abc][0-9][0-9]")):
        paragraphs = []
        for block in re.split(r"\n\s*\n", path.read_text(encoding="latin-1")):
            body: list[str] = []
            heading = False
            for line in block.splitlines():
                tagged = line.split()
                if not tagged:
                    continue
                tokens = _undouble([tok.rsplit("/", 1)[0] for tok in tagged])
                if heading and tokens == ["."]:
                    continue  # the stop the corpus writes after a headline
                heading = _heading(tagged)
                if heading:
                    if body:
                        paragraphs.append(_detokenise(body))
                        body = []
                    paragraphs.append(_detokenise(tokens))
                else:
                    body += tokens
            if body:
                paragraphs.append(_detokenise(body))
        paragraphs = _drop_cut_quotation(paragraphs)
        (out / f"{path.name}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        n += 1
    return n


def treebank(src: Path, out: Path) -> int:
    n = 0
    for path in sorted((src / "raw").glob("wsj_*")):
        text = path.read_text(encoding="latin-1").replace(".START", "", 1).strip()
        (out / f"{path.name}.txt").write_text(text + "\n", encoding="utf-8")
        n += 1
    return n


def ieer(src: Path, out: Path) -> int:
    n = 0
    for path in sorted(src.glob("[AN]*_*")):
        raw = path.read_text(encoding="latin-1")
        for i, doc in enumerate(re.findall(r"<DOC>(.*?)</DOC>", raw, re.S)):
            body = re.search(r"<TEXT>(.*?)</TEXT>", doc, re.S)
            if not body:
                continue
            text = _TAG_RE.sub("", body.group(1)).replace("``", '"').replace("''", '"')
            # the wire's codes for fractions in recipes and prices: 1{ = 1 1/2, [ = 1/4, } = 3/4
            text = _FRACTION_RE.sub(lambda m: _FRACTIONS[m.group()], text)
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s+(?=\S)", text) if p.strip()]
            (out / f"{path.name}-{i:03d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
            n += 1
    return n


def abc(src: Path, out: Path) -> int:
    """Each section file is a run of blocks (a headline or crosshead, then one paragraph a
    line); a story and its crossheads cannot be told apart, so each block becomes a file.

    The corpus keeps only a story's first paragraphs: the paragraphs of a quotation it cut are
    dropped (`_drop_cut_quotation`). HTML entities left in the text are decoded."""
    import html

    n = 0
    for path in sorted(src.glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="latin-1")):
            lines = [html.unescape(ln.strip()) for ln in block.splitlines() if ln.strip()]
            lines = _drop_cut_quotation(lines)
            if lines:
                (out / f"{path.stem}-{n:05d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
                n += 1
    return n


CONVERTERS = {"brown": brown, "treebank": treebank, "ieer": ieer, "abc": abc}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    src, out = Path(argv[0]), Path(argv[1])
    for name, convert in CONVERTERS.items():
        if not (src / name).is_dir():
            print(f"{name}: not in {src}, skipped", file=sys.stderr)
            continue
        dest = out / name
        dest.mkdir(parents=True, exist_ok=True)
        print(f"{name}: {convert(src / name, dest)} stories -> {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
