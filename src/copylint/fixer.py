"""Applies safe, non-overlapping fixes to the source text; shows them as a diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from .findings import Edit, Finding
from .textio import SourceText


@dataclass(frozen=True)
class FixPlan:
    """The edits to apply, in order, and a one-line message (position, rule, why) for each fix
    dropped by the guard."""

    edits: tuple[Edit, ...]
    dropped: tuple[str, ...] = ()


def _holds(text: str, edit: Edit) -> bool:
    return 0 <= edit.start <= edit.end <= len(text) and (
        edit.original is None or text[edit.start : edit.end] == edit.original
    )


def _short(text: str, limit: int = 40) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text


def plan_fixes(source: SourceText, findings: Iterable[Finding]) -> FixPlan:
    """The edits of every safe fix, leaving out any that overlaps an earlier one (the next
    round picks it up) and any whose span does not hold the text its rule matched: such a
    fix would land on other words, so it is dropped and the text there is left as it was."""
    text = source.text
    candidates: list[list[Edit]] = []
    dropped: list[str] = []
    for f in findings:
        if f.fix is None or not f.fix.safe or not f.fix.edits:
            continue
        edits = sorted(f.fix.edits, key=lambda e: (e.start, e.end))
        bad = next((e for e in edits if not _holds(text, e)), None)
        if bad is not None:
            found = text[bad.start : bad.end] if 0 <= bad.start <= bad.end <= len(text) else ""
            dropped.append(
                f"line {f.start.line}, column {f.start.column}: {f.rule}: fix not applied: the text there is "
                f"'{_short(found)}', not the '{_short(bad.original or '')}' it was computed on (left as it was)"
            )
            continue
        candidates.append(edits)
    candidates.sort(key=lambda edits: (edits[0].start, edits[-1].end))
    chosen: list[Edit] = []
    last_end = -1
    for edits in candidates:
        if edits[0].start < last_end or any(b.start < a.end for a, b in zip(edits, edits[1:])):
            continue
        chosen.extend(edits)
        last_end = edits[-1].end
    return FixPlan(tuple(chosen), tuple(dropped))


def apply_edits(source: SourceText, edits: Iterable[Edit]) -> str:
    """The text with non-overlapping edits, in order, applied; inserted line breaks in the file's style."""
    text = source.text
    parts = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.replacement.replace("\n", source.newline) if source.newline != "\n" else e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def apply_fixes(source: SourceText, findings: Iterable[Finding]) -> tuple[str, int]:
    """The text with every safe fix applied, and how many edits went in."""
    plan = plan_fixes(source, findings)
    if not plan.edits:
        return source.text, 0
    return apply_edits(source, plan.edits), len(plan.edits)


def fix_rounds(
    source: SourceText,
    findings: Iterable[Finding],
    relint: Callable[[str], list[Finding]],
    rounds: int = 3,
    on_dropped: Callable[[str], None] | None = None,
) -> tuple[str, int]:
    """Apply safe fixes, lint the result again (`relint`) and apply what it finds, until
    nothing is left to fix or `rounds` rounds ran (a fix can reveal another, and fixes that
    overlapped wait for the next round). Each fix the guard drops (its span lost its match)
    goes to `on_dropped`. Returns the text and the number of edits applied."""

    def one_round(before: SourceText, found: Iterable[Finding]) -> tuple[str, int]:
        plan = plan_fixes(before, found)
        for message in plan.dropped:
            if on_dropped is not None:
                on_dropped(message)
        return (apply_edits(before, plan.edits) if plan.edits else before.text), len(plan.edits)

    text, fixed = one_round(source, findings)
    for _ in range(rounds - 1):
        if not fixed:
            break
        more_text, more = one_round(replace(source, text=text), relint(text))
        if not more:
            break
        text, fixed = more_text, fixed + more
    return text, fixed


def write_fixed(path: str, source: SourceText, text: str) -> str | None:
    """Write the fixed text back atomically, in the file's encoding, BOM and line endings;
    None, or a one-line reason it could not be written (the file is then unchanged)."""
    from .textio import WriteRefused, encode, write_atomic

    try:
        write_atomic(path, encode(source, text))
    except WriteRefused as exc:
        return str(exc)
    except OSError as exc:  # a read-only folder, a full disk
        return f"cannot write the fixes: {exc.strerror or exc}"
    return None


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
