"""Markup that is not prose, found in the source before a reader builds the prose view.

Site generators and editors put their own syntax inside the copy: Liquid, Jinja and Nunjucks
tags (`{% include x.html %}`, `{{ page.title }}`), Hugo shortcodes (`{{< figure >}}`,
`{{% note %}}`), kramdown and Pandoc attribute lists (`{: .lead}`, `{#id .class}`), footnote
labels (`[^1]:`), MDX/JSX components (`<Callout type="tip">`), HTML comments, and commands or
terminal output pasted into a paragraph (`$ npm install`, `PS> Get-Item`), hashtags, handles and
file types (`#PSDSC`, `@nytimes`, `.docx`). `hidden_spans` finds
them, and a site's own markup that a config declares (`ignore: {blocks: [...], tokens: [...]}`,
Vale's BlockIgnores and TokenIgnores); the readers turn each span into the prose's placeholder,
so no rule reads it and no fix can touch it.

The built-in patterns are written to run in linear time; a config's patterns run under the
same time limit as pattern rules.
"""

from __future__ import annotations

from . import fastre as re  # re, with compiled patterns kept between runs
from dataclasses import dataclass
from typing import Iterable

# Tags whose whole body is code or raw text, not copy: {% highlight %}...{% endhighlight %}
_RAW_LIQUID_RE = re.compile(
    r"\{%-?\s*(raw|comment|highlight|codeblock|code|capture|javascript|verbatim|mermaid|math)\b[^%]*%\}"
    r".*?\{%-?\s*end\1\s*-?%\}",
    re.DOTALL,
)
_RAW_HUGO_RE = re.compile(r"\{\{[<%]\s*(highlight|code|mermaid|math|katex)\b.*?[>%]\}\}.*?\{\{[<%]\s*/\1\s*[>%]\}\}",
                          re.DOTALL)
_TAG_RE = re.compile(
    r"\{%.{0,2000}?%\}"  # {% tag %}, Liquid, Jinja, Nunjucks
    r"|\{\{.{0,2000}?\}\}"  # {{ expression }}, {{< shortcode >}}, {{% shortcode %}}
    r"|\{#.{0,2000}?#\}"  # {# Jinja comment #}
    r"|\{:[^{}\n]{0,300}\}"  # {: .class} kramdown attribute list
    r"|\{[#.][\w-][^{}\n]{0,300}\}",  # {#id .class} Pandoc and kramdown attributes
    re.DOTALL,
)  # HTML comments are found by _comment_spans: a lazy regex rescans to the end from each unclosed one
# an HTML tag with a template tag in an attribute (<img src="{{ "/a.png" | url }}" alt="...">):
# the nested quotes defeat any HTML parser, so the whole tag is markup
_TEMPLATED_TAG_RE = re.compile(r"<[A-Za-z][^<>]{0,2000}?\{[{%][^<>]{0,2000}>")
_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]{0,2000})?/?>")
_FOOTNOTE_LABEL_RE = re.compile(r"^[ ]{0,3}\[\^[^\]\n]{1,100}\]:|\[\^[^\]\s]{1,100}\]", re.MULTILINE)
# MDX and JSX: import/export lines and capitalised component tags
_MDX_RE = re.compile(r"^(?:import|export)\s[^\n]*$|</?[A-Z][\w.]*(?:\s[^<>]{0,1000})?/?>", re.MULTILINE)
# a line that is a command at a prompt ("$ npm install", "PS C:\> Get-Item", "user@host:~$ ls")
# or a listing of files ("drwxr-xr-x 2 root root ...")
_PROMPT_RE = re.compile(
    r"^[ \t]*(?:(?:\$|%|>>>|PS [A-Za-z]:\\[^>\n]*>|[A-Za-z]:\\[^>\n]*>|[\w.-]+@[\w.-]+:[~/][^\n$#]*[$#])[ \t]+"
    r"|PS>[ \t]*)\S[^\n]*$"  # PowerShell's prompt needs no space after it: 'PS># a comment'
    r"|^[ \t]*[-dlcbps][rwxsStT-]{9}[.+@]?[ \t][^\n]*$",  # a line of `ls -l`
    re.MULTILINE,
)
_LINE_RE = re.compile(r"[^\n]+")
# a hashtag ('#msteched', '#PSDSC'), a handle or a file type written with its dot ('.docx and .xlsx',
# '*.ps1', '.NET'): names of things, not words of the copy. Not an entity ('&#8217;'), an
# address's fragment ('page#top'), a number ('#3') or a word after a missing space ('end .Next')
# each branch opens with its mark and looks behind it after: a pattern that opens with a look-behind
# is tried at every character, one that opens with a character set skips to the marks at C speed
_HANDLE_NAME = r"[A-Za-z_]\w{0,38}"  # what follows a handle's '@'
HANDLE_RE = re.compile("@" + _HANDLE_NAME)  # a handle by itself (checks/boilerplate.py gives it back to a line)
_NAME_TOKEN_RE = re.compile(
    r"#(?<![\w&#/]#)[A-Za-z][\w-]{0,60}"
    r"|@(?<![\w@.]@)" + _HANDLE_NAME + r"(?![\w@])"  # a handle ('@nytimes'), not an address ('a@b.org')
    r"|\.(?<![\w.]\.)(?:[a-z][a-z0-9]{0,7}|[A-Z][A-Z0-9]{1,4})(?![\w.'’-])"
)
# a run of three or more "Name   : value" lines: a command's list output (Format-List, ldapsearch)
_LISTING_RE = re.compile(r"(?:^[ \t]*[A-Za-z][\w.-]*[ \t]+:[ \t][^\n]*(?:\n|\Z)){3,}", re.MULTILINE)
# one such line between code blocks: the output shown beside its command ('Description : ...'
# under '<pre>... | Format-List</pre>'), which the source left outside the block
_LISTING_LINE_RE = re.compile(r"^[ \t]*[A-Z][\w.-]*[ \t]+:[ \t][^\n]*$", re.MULTILINE)
_CODE_EDGE_RE = re.compile(r"^(?: {4}|\t|[ \t]*(?:```|~~~|<pre\b|</pre>))|</pre>[ \t]*$", re.IGNORECASE)
_LINK_RE = re.compile(r"!?\[([^\[\]\n]*)\]\([^)\n]*\)|\]\([^)\n]*\)|\]\[[^\]\n]*\]")
_NOT_OWN_RE = re.compile(r"`[^`\n]*`|<[^<>\n]*>|\b[a-z][a-z0-9+.-]{1,15}://\S+|\bwww\.\S+|\*\*|__")
_NOT_OWN_MARKS = ("`", "<", "://", "www.", "**", "__")  # one of them is in every match of _NOT_OWN_RE
_PLAIN_WORD_RE = re.compile(r"(?<![\w.$-])[A-Za-z][a-z]+(?![\w(])")
_CODE_CHARS = frozenset("{}[]();=<>$|&\\/*+#@^~`_")
_CODE_CHAR_RE = re.compile("[" + re.escape("".join(sorted(_CODE_CHARS))) + "]")


@dataclass(frozen=True)
class IgnoreSettings:
    """A config's `ignore: {blocks: [...], tokens: [...]}` patterns, as written."""

    blocks: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.blocks or self.tokens)


class IgnoreTimeout(Exception):
    """A config's ignore patterns took longer than the time allowed on one document."""


def _code_like(line: str) -> bool:
    """A line of code or terminal output inside a paragraph: dense in code punctuation and
    with hardly a run of plain words ("drwxr-xr-x 2 root", "x = f(a[i]);")."""
    stripped = line.strip()
    if len(stripped) < 8 or stripped.startswith("|"):  # a table row
        return False
    # the blanking below only removes code punctuation, never adds it: a line with fewer than
    # five such marks (most lines of copy) cannot be code, and one C-speed scan says so
    if len(_CODE_CHAR_RE.findall(stripped)) < 5:
        return False
    # links keep their text, inline code, tags and addresses go: what is left is the line's own
    # (each substitution only where what it removes can be there: most lines hold none of it)
    if "](" in stripped or "][" in stripped:
        stripped = _LINK_RE.sub(r"\1", stripped)
    if any(mark in stripped for mark in _NOT_OWN_MARKS):
        stripped = _NOT_OWN_RE.sub(" ", stripped)
    stripped = stripped.strip()
    if len(stripped) < 8:
        return False
    symbols = len(_CODE_CHAR_RE.findall(stripped))  # the characters of _CODE_CHARS, counted at C speed
    if symbols < 5 or symbols < 0.2 * len(stripped):
        return False
    return len(_PLAIN_WORD_RE.findall(stripped)) < 0.6 * len(stripped.split())


def builtin_spans(text: str, fmt: str) -> list[tuple[int, int]]:
    """Spans of template tags, shortcodes, attribute lists, footnote labels, MDX components,
    HTML comments and command or code lines in `text` (a Markdown, text or HTML source)."""
    spans: list[tuple[int, int]] = _comment_spans(text) if "<!--" in text else []
    if "{" in text:
        for pattern in (_RAW_LIQUID_RE, _RAW_HUGO_RE, _TAG_RE, _TEMPLATED_TAG_RE):
            spans.extend(m.span() for m in pattern.finditer(text))
    if fmt == "html":
        return _merge(spans)
    fm = _FRONT_MATTER_RE.match(text) if fmt == "markdown" and text.lstrip("\ufeff").startswith("---") else None
    if fm and "<" in fm.group():  # HTML in a front-matter value (excerpt: ... <a href="...">)
        spans.extend(m.span() for m in _HTML_TAG_RE.finditer(text, 0, fm.end()))
    if "[^" in text:
        spans.extend(m.span() for m in _FOOTNOTE_LABEL_RE.finditer(text))
    if fmt == "markdown" and ("import" in text or "export" in text or "<" in text):
        spans.extend(m.span() for m in _MDX_RE.finditer(text))
    # commands and code lines are judged on what is left once the tags above are blanked out:
    # a link whose address is a template tag is not code
    spans = _merge(spans)
    masked = _blank(text, spans) if spans else text
    spans.extend(_prompt_lines(masked))
    if "#" in masked or "." in masked or "@" in masked:
        spans.extend(m.span() for m in _NAME_TOKEN_RE.finditer(masked))
    if " :" in masked or "\t:" in masked:  # every listing line has a space or tab before its colon
        spans.extend(m.span() for m in _LISTING_RE.finditer(masked))
        spans.extend(m.span() for m in _LISTING_LINE_RE.finditer(masked) if _beside_code(masked, *m.span()))
    # a code line holds five marks of code punctuation or more (`_code_like`): a text with fewer
    # in all (most copy) has none, and one C-speed count says so
    if len(_CODE_CHAR_RE.findall(masked)) >= 5:
        for m in _LINE_RE.finditer(masked):
            if _code_like(m.group()):
                spans.append(m.span())
    return _merge(spans)


def _beside_code(text: str, start: int, end: int) -> bool:
    """Whether the nearest line of text before or after [start, end) is an edge of a code block."""
    before = text[max(0, start - 4000) : start].rstrip().rsplit("\n", 1)[-1]
    # the next non-blank line, with its own indentation (an indented code block starts with it)
    nxt = next((ln for ln in text[end : end + 4000].split("\n")[1:] if ln.strip()), "")
    return bool(before and _CODE_EDGE_RE.search(before)) or bool(nxt and _CODE_EDGE_RE.search(nxt))


def _prompt_lines(text: str) -> list[tuple[int, int]]:
    """The spans of `_PROMPT_RE.finditer(text)`, tried only at line starts: every branch opens with
    `^` and stays within its line, so a match can begin nowhere else (the scan tried the
    pattern at every character, a test of `^` each time)."""
    out = []
    match = _PROMPT_RE.match
    for start in [0, *(m.end() for m in _NEWLINE_RE.finditer(text))]:
        m = match(text, start)
        if m is not None:
            out.append(m.span())
    return out


_NEWLINE_RE = re.compile(r"\n")


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `<!-- ... -->`, in linear time: once no `-->` follows an opening, none can close."""
    spans, pos = [], 0
    while True:
        start = text.find("<!--", pos)
        end = text.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            return spans
        spans.append((start, end + 3))
        pos = end + 3


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span's characters turned into spaces (line breaks kept)."""
    parts, pos = [], 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def configured_spans(text: str, ignore: IgnoreSettings, timeout: float) -> list[tuple[int, int]]:
    """Spans matched by a config's ignore patterns, all of them within `timeout` seconds."""
    import time

    import regex

    spans: list[tuple[int, int]] = []
    deadline = time.monotonic() + timeout
    for patterns, flags in ((ignore.blocks, regex.MULTILINE | regex.DOTALL), (ignore.tokens, 0)):
        for pattern in patterns:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise TimeoutError
                spans.extend(m.span() for m in regex.finditer(pattern, text, flags, timeout=left) if m.end() > m.start())
            except TimeoutError:
                raise IgnoreTimeout(f"the ignore patterns took over {timeout:g}s and were stopped; "
                                    f"check ignore.blocks and ignore.tokens (last: {pattern!r})") from None
    return spans


def hidden_spans(text: str, fmt: str, ignore: IgnoreSettings | None = None, timeout: float = 5.0) -> tuple[tuple[int, int], ...]:
    spans = builtin_spans(text, fmt)
    if ignore:
        spans = _merge(spans + configured_spans(text, ignore, timeout))
    return tuple(spans)


def check_pattern(pattern: str) -> str | None:
    """Why a config's ignore pattern cannot be used, or None."""
    import regex

    try:
        regex.compile(pattern)
    except regex.error as exc:
        return str(exc)
    return None


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out
