"""Explanations: what cleaning did to a document, shown on its source.

Two renderers work from the same report (Result.to_dict() plus the source):

- `terminal(report, color=...)`: the source with removed spans struck and dimmed, coloured
  by family, repairs as {before -> after}, foreign fragments marked «xx», gaps flagged, a
  legend and a numbered list of every removal with its rule, reason and evidence;
- `html_page(report)`: one self-contained page (no external resources) with every decision
  highlighted; hovering, clicking or focusing a span shows its rule, reason and evidence.
  `BatchReport` gathers the statistics of a batch and writes such pages for a sample.

Everything taken from a document is escaped: a page or a terminal shows hostile input as
text, never as markup, script or terminal control sequences.
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
import zlib
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import regex

from .model import Result


# -- the report ----------------------------------------------------------------------------
def as_report(result: Result | dict) -> dict:
    """The report dict of a Result with its `source` included, or a report dict as given.

    Offsets in a report point into the source, so a renderer needs both; a report dict
    without `source` (plain-text input) cannot be shown on its source.
    """
    if isinstance(result, Result):
        report = result.to_dict()
        report["source"] = result.source
        return report
    if "source" not in result:
        raise ValueError("the report has no 'source': pass the Result, or add the source text "
                         "under 'source' (offsets point into it)")
    return result


def family(rule_id: str) -> str:
    """The family a rule belongs to in views and statistics.

    Boilerplate and metadata rules are grouped by their concept; the rules of other stages
    by their stage:

    >>> family("boilerplate.newsletter.signup"), family("metadata.dateline")
    ('newsletter', 'dateline')
    >>> family("language.foreign_fragment"), family("repair.quote_attribution")
    ('language', 'repair')
    """
    stage, _, rest = rule_id.partition(".")
    if stage in ("boilerplate", "metadata") and rest:
        return rest.split(".")[0]
    return stage


def removals_by_family(report: dict) -> dict[str, dict[str, Any]]:
    """Per family: how many removals, how many characters, and which rules, largest first."""
    summary: dict[str, dict[str, Any]] = {}
    for r in report["removed"]:
        entry = summary.setdefault(family(r["rule"]), {"count": 0, "chars": 0, "rules": Counter()})
        entry["count"] += 1
        entry["chars"] += r["end"] - r["start"]
        entry["rules"][r["rule"]] += 1
    return dict(sorted(summary.items(), key=lambda kv: (-kv[1]["chars"], kv[0])))


# -- colours -------------------------------------------------------------------------------
# Distinct hues, each as (xterm-256 code, light background, dark accent) for the two views.
PALETTE = (
    (33, "#dbeafe", "#1d4ed8"), (166, "#ffedd5", "#c2410c"), (35, "#dcfce7", "#15803d"),
    (163, "#fce7f3", "#be185d"), (99, "#ede9fe", "#6d28d9"), (37, "#ccfbf1", "#0f766e"),
    (178, "#fef9c3", "#a16207"), (160, "#fee2e2", "#b91c1c"), (67, "#e0f2fe", "#0369a1"),
    (101, "#ecfccb", "#4d7c0f"), (133, "#fae8ff", "#a21caf"), (130, "#f5e6d3", "#7c4a1e"),
)


def family_colours(families: Iterable[str]) -> dict[str, int]:
    """A palette index for each family: stable (from a hash of the name, not Python's
    randomized one) and distinct within the given set as long as the palette lasts."""
    taken: set[int] = set()
    out: dict[str, int] = {}
    for name in sorted(set(families)):
        index = zlib.crc32(name.encode()) % len(PALETTE)
        for step in range(len(PALETTE)):
            candidate = (index + step) % len(PALETTE)
            if candidate not in taken:
                index = candidate
                break
        taken.add(index)
        if len(taken) == len(PALETTE):
            taken.clear()
        out[name] = index
    return out


# -- pieces: the source cut at every decision ----------------------------------------------
@dataclass(frozen=True)
class Piece:
    """One step of a view, in source order.

    kind is "text" (source[start:end], inside removal `ref` if any, inside `fragments`),
    "repair", "gap", "fragment_start" or "fragment_end" (`ref` indexes the report list).
    """
    kind: str
    start: int
    end: int
    ref: int | None = None
    fragments: tuple[int, ...] = ()


def pieces(report: dict) -> list[Piece]:
    """Cut the source at every start and end of a removal, repair, fragment and gap.

    Removals are disjoint and repairs never overlap them (the model refuses it), so each
    text piece lies in at most one removal; a repair is one piece, shown as before -> after.
    """
    source = report["source"]
    n = len(source)
    removed = sorted(enumerate(report["removed"]), key=lambda x: x[1]["start"])
    repairs = report["repairs"]
    fragments = report["fragments"]
    gaps = report["gaps"]

    def clip(x: int) -> int:
        return min(max(x, 0), n)

    cuts = {0, n}
    for item in (*report["removed"], *repairs, *fragments, *gaps):
        cuts.update((clip(item["start"]), clip(item["end"])))
    cuts = sorted(cuts)
    inside_repair: set[int] = set()
    whole_repairs: dict[tuple[int, int], int] = {}
    insertions: dict[int, list[int]] = {}
    for i, r in enumerate(repairs):
        s, e = clip(r["start"]), clip(r["end"])
        if s == e:
            insertions.setdefault(s, []).append(i)
            continue
        whole_repairs[(s, e)] = i
        inside_repair.update(cuts[bisect_right(cuts, s):bisect_left(cuts, e)])
    cuts = [c for c in cuts if c not in inside_repair]

    removal_starts = [r["start"] for _, r in removed]
    gap_order = sorted(range(len(gaps)), key=lambda i: (gaps[i]["start"], i))
    fragment_order = sorted(range(len(fragments)), key=lambda i: (fragments[i]["start"], i))
    next_gap = next_fragment = 0
    open_fragments: list[int] = []
    out: list[Piece] = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        # "<= a" rather than "== a": a mark whose offset falls inside a repair shows after it
        for i in [i for i in open_fragments if clip(fragments[i]["end"]) <= a]:
            out.append(Piece("fragment_end", a, a, i))
            open_fragments.remove(i)
        while next_gap < len(gap_order) and clip(gaps[gap_order[next_gap]]["start"]) <= a:
            out.append(Piece("gap", a, a, gap_order[next_gap]))
            next_gap += 1
        while next_fragment < len(fragment_order) and clip(fragments[fragment_order[next_fragment]]["start"]) <= a:
            i = fragment_order[next_fragment]
            next_fragment += 1
            if clip(fragments[i]["end"]) > a:
                out.append(Piece("fragment_start", a, a, i))
                open_fragments.append(i)
        out.extend(Piece("repair", a, a, i) for i in insertions.get(a, ()))
        if b is None:
            break
        if (a, b) in whole_repairs:
            out.append(Piece("repair", a, b, whole_repairs[(a, b)], tuple(open_fragments)))
            continue
        k = bisect_right(removal_starts, a) - 1
        ref = removed[k][0] if k >= 0 and removed[k][1]["end"] >= b else None
        out.append(Piece("text", a, b, ref, tuple(open_fragments)))
    out.extend(Piece("fragment_end", n, n, i) for i in open_fragments)
    return out


_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Control characters (terminal escapes, bidi overrides) shown as \\xNN, never obeyed."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


def _shown(text: str) -> str:
    """A repair's side, with white space made visible (a removed space must show)."""
    if not text:
        return "∅"
    if not text.strip():
        return text.replace(" ", "␣").replace("\n", "⏎").replace("\t", "⇥")
    return text


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}" + ("" if len(items) == 1 else "s")


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


# -- terminal ------------------------------------------------------------------------------
def use_color(stream, *, force: bool | None = None) -> bool:
    """Colour when asked, else when writing to a terminal and NO_COLOR is not set."""
    if force is not None:
        return force
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class _Style:
    """ANSI sequences, or nothing when colour is off."""

    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, *codes: str) -> str:
        if not self.color or not codes:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"

    def fg(self, palette_index: int) -> str:
        return f"38;5;{PALETTE[palette_index][0]}"


def terminal(report: Result | dict, *, color: bool = False) -> str:
    """The source with every decision marked, then a legend and the list of removals.

    Without colour the marks are plain text: [-removed-]{3 newsletter}, {before -> after},
    «es» ... «/es», ⟦gap: kind⟧.
    """
    report = as_report(report)
    style = _Style(color)
    colours = family_colours(family(r["rule"]) for r in report["removed"])
    source = report["source"]
    removed, repairs = report["removed"], report["repairs"]
    fragments, gaps = report["fragments"], report["gaps"]
    numbers = {i: n for n, (i, _) in enumerate(sorted(enumerate(removed), key=lambda x: x[1]["start"]), 1)}
    body: list[str] = []
    for p in pieces(report):
        if p.kind == "text":
            text = visible(source[p.start:p.end])
            if p.ref is None:
                body.append(style(text, "4") if p.fragments and text.strip() else text)
                continue
            r = removed[p.ref]
            fam = family(r["rule"])
            hue = style.fg(colours[fam])
            # a removed line's newline stays outside the marks, so they close on its line
            core = text.rstrip("\n")
            body.append(style(core, "2", "9", hue) if color else f"[-{core}-]")
            if p.end >= r["end"]:
                body.append(style(f"{{{numbers[p.ref]} {fam}}}", "1", hue))
            body.append(text[len(core):])
        elif p.kind == "repair":
            r = repairs[p.ref]
            before, after = visible(_shown(r["before"])), visible(_shown(r["after"]))
            body.append("{" + style(before, "9", "31") + " -> " + style(after, "1", "32") + "}")
        elif p.kind == "fragment_start":
            f = fragments[p.ref]
            body.append(style(f"«{visible(f['language'])}»", "1", "36"))
        elif p.kind == "fragment_end":
            body.append(style(f"«/{visible(fragments[p.ref]['language'])}»", "36"))
        elif p.kind == "gap":
            body.append(style(f"⟦gap: {visible(gaps[p.ref]['kind'])}⟧", "1", "30", "43"))
    lines = [_terminal_header(report, style), "", "".join(body).rstrip("\n"), ""]
    lines += _terminal_legend(report, style, colours)
    lines += _terminal_decisions(report, style, colours, numbers)
    return "\n".join(lines) + "\n"


def _terminal_header(report: dict, style: _Style) -> str:
    source_chars = max(len(report["source"]), 1)
    removed_chars = sum(r["end"] - r["start"] for r in report["removed"])
    parts = [f"language {visible(report['language'])}",
             f"{_count(report['removed'], 'removal')} ({removed_chars / source_chars:.0%} of the source)",
             _count(report["repairs"], "repair"), _count(report["fragments"], "fragment"),
             _count(report["gaps"], "gap")]
    lines = [style(" · ".join(parts), "1")]
    lines += [f"metadata.{k}: {visible(str(v))}" for k, v in sorted(report["metadata"].items())]
    lines += [style(f"warning {visible(w['kind'])}: {visible(w['message'])}", "1", "33")
              for w in report["warnings"]]
    return "\n".join(lines)


def _terminal_legend(report: dict, style: _Style, colours: dict[str, int]) -> list[str]:
    summary = removals_by_family(report)
    lines = [style("Legend", "1")]
    if summary:
        marks = "struck and dimmed" if style.color else "[-like this-]"
        lines.append(f"  removed ({marks}), numbered, by family:")
        for fam, entry in summary.items():
            swatch = style("■", style.fg(colours[fam])) if style.color else "-"
            lines.append(f"    {swatch} {fam}: {entry['count']} removed, {entry['chars']} characters")
    lines.append("  {before -> after}  a repair (␣ a space, ∅ nothing)")
    lines.append("  «xx» ... «/xx»      text in language xx" + (" (underlined)" if style.color else ""))
    lines.append("  ⟦gap: kind⟧         something the page dropped that cannot be recovered")
    return lines + [""]


def _terminal_decisions(report: dict, style: _Style, colours: dict[str, int],
                        numbers: dict[int, int]) -> list[str]:
    lines: list[str] = []
    if report["removed"]:
        lines.append(style("Removed", "1"))
        for i, number in sorted(numbers.items(), key=lambda x: x[1]):
            r = report["removed"][i]
            rule = style(visible(r["rule"]), style.fg(colours[family(r["rule"])]), "1")
            lines.append(f"  {number:>3} {rule} [{r['start']}:{r['end']}] {visible(r['reason'])}")
            if r.get("evidence"):
                lines.append(f"      evidence: {visible(_short(r['evidence']))}")
    if report["repairs"]:
        lines.append(style("Repaired", "1"))
        for r in report["repairs"]:
            lines.append(f"      {visible(r['rule'])} [{r['start']}:{r['end']}] "
                         f"{visible(_shown(r['before']))!s} -> {visible(_shown(r['after']))}"
                         + (f": {visible(r['reason'])}" if r.get("reason") else ""))
    if report["fragments"]:
        lines.append(style("Fragments", "1"))
        for f in report["fragments"]:
            lines.append(f"      {visible(f['language'])} {f['confidence']:.2f} {visible(f['action'])} "
                         f"[{f['start']}:{f['end']}] {visible(_short(f['text'], 60))}")
    if report["gaps"]:
        lines.append(style("Gaps", "1"))
        for g in report["gaps"]:
            lines.append(f"      {visible(g['kind'])} [{g['start']}:{g['end']}] {visible(_short(g['context'], 60))}")
    return lines


# -- HTML ----------------------------------------------------------------------------------
def esc(text: Any) -> str:
    """Text for HTML content or a quoted attribute: markup characters and controls escaped."""
    return html.escape(visible(str(text)), quote=True)


_SCRIPT = """
(function () {
  var panel = document.getElementById("details");
  if (!panel) { return; }
  var fields = ["kind", "rule", "family", "reason", "evidence", "span", "text"];
  var current = null;
  function show(el) {
    if (current) { each(current, function (e) { e.classList.remove("active"); }); }
    current = el.getAttribute("data-ref");
    each(current, function (e) { e.classList.add("active"); });
    fields.forEach(function (name) {
      var row = panel.querySelector("[data-field='" + name + "']");
      var value = el.getAttribute("data-" + name) || "";
      row.hidden = !value;
      row.querySelector("dd").textContent = value;
    });
    panel.hidden = false;
    var hint = document.getElementById("hint");
    if (hint) { hint.hidden = true; }
  }
  function each(ref, fn) {
    var all = document.querySelectorAll("[data-ref='" + ref + "']");
    for (var i = 0; i < all.length; i++) { fn(all[i]); }
  }
  function pick(event) {
    var el = event.target.closest && event.target.closest("[data-ref]");
    if (el) { show(el); }
  }
  function fromHash() {
    var el = location.hash && document.getElementById(location.hash.slice(1));
    if (el && el.hasAttribute("data-ref")) { show(el); }
  }
  document.addEventListener("mouseover", pick);
  document.addEventListener("focusin", pick);
  document.addEventListener("click", pick);
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""

_BASE_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2933; background: #f7f7f5; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header h1 { font-size: 20px; margin: 18px 0 4px; overflow-wrap: anywhere; }
.facts { color: #52606d; margin: 0 0 10px; }
.facts b { color: #1f2933; }
.warning { background: #fff4e5; border-left: 4px solid #d97706; padding: 4px 10px; margin: 4px 0; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 18px; align-items: start; }
.source { white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.6 ui-monospace, "DejaVu Sans Mono", monospace;
  background: #fff; border: 1px solid #d9d9d3; border-radius: 6px; padding: 16px; margin: 0; }
.removed { text-decoration: line-through; text-decoration-thickness: 1px; color: #52606d; border-radius: 3px;
  cursor: pointer; border-bottom: 2px solid transparent; }
.removed.active, .removed:focus { outline: 2px solid #111; outline-offset: 1px; }
.tag { font: bold 10px/1 system-ui, sans-serif; vertical-align: super; padding: 0 3px; border-radius: 3px; color: #fff; }
.repair { cursor: pointer; white-space: pre-wrap; border-radius: 3px; background: #f1f5f9; }
.repair del { color: #b91c1c; } .repair ins { color: #15803d; text-decoration: none; font-weight: bold; }
.repair.active { outline: 2px solid #111; }
.fragment { border-bottom: 2px dotted #0e7490; }
.lang { font: bold 10px/1 system-ui, sans-serif; color: #0e7490; background: #cffafe; border-radius: 3px;
  padding: 1px 3px; margin-right: 2px; cursor: pointer; }
.gap { font: bold 11px/1 system-ui, sans-serif; background: #fde68a; color: #78350f; border-radius: 3px;
  padding: 1px 4px; cursor: pointer; }
aside { position: sticky; top: 10px; display: flex; flex-direction: column; gap: 12px; }
.card { background: #fff; border: 1px solid #d9d9d3; border-radius: 6px; padding: 10px 12px; }
.card h2 { font-size: 14px; margin: 0 0 6px; }
#details dl { margin: 0; } #details dt { font-weight: bold; font-size: 12px; color: #52606d; }
#details dd { margin: 0 0 6px; overflow-wrap: anywhere; white-space: pre-wrap; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th { white-space: nowrap; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #ecece8; vertical-align: top; overflow-wrap: anywhere; }
td.n { text-align: right; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
section.decisions { margin: 18px 0 30px; }
section.decisions td.excerpt { font-family: ui-monospace, monospace; font-size: 12px; }
svg text { font: 11px system-ui, sans-serif; fill: #1f2933; }
a { color: #1d4ed8; }
"""


def _family_css(colours: dict[str, int]) -> str:
    """One class per family present, so the page needs no style attributes (which the page's
    content security policy would refuse)."""
    rules = []
    for fam, index in sorted(colours.items()):
        _, light, dark = PALETTE[index]
        cls = _family_class(fam)
        rules.append(f".{cls}.removed {{ background: {light}; border-bottom-color: {dark}; }}\n"
                     f".{cls}.tag, .{cls}.swatch {{ background: {dark}; }}\n"
                     f"rect.{cls} {{ fill: {dark}; }}")
    return "\n".join(rules)


def _family_class(fam: str) -> str:
    return "fam-" + (regex.sub(r"[^a-z0-9_]", "-", fam.lower()) or "x")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _page(title: str, body: str, colours: dict[str, int], *, script: bool = True) -> str:
    """A complete page. The content security policy allows only this page's own style and
    script (by hash): no external resource loads, and no injected script could run."""
    css = _BASE_CSS + _family_css(colours) + "\n"
    policy = f"default-src 'none'; style-src {_csp_hash(css)}; img-src data:"
    policy += f"; script-src {_csp_hash(_SCRIPT)}" if script else "; script-src 'none'"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta name=\"generator\" content=\"cleaner\">\n<title>{esc(title)}</title>\n"
            f"<style>{css}</style>\n</head>\n<body>\n{body}\n"
            + (f"<script>{_SCRIPT}</script>\n" if script else "") + "</body>\n</html>\n")


def html_page(report: Result | dict, *, title: str = "document", back_link: str | None = None) -> str:
    """One self-contained page for one document: the source with every decision highlighted,
    a details panel, the removals by family, and the list of decisions."""
    report = as_report(report)
    colours = family_colours(family(r["rule"]) for r in report["removed"])
    summary = removals_by_family(report)
    body = [f"<header>{_back(back_link)}<h1>cleaner explain: {esc(title)}</h1>",
            f"<p class=\"facts\">{_facts(report)}</p>",
            *[f"<p class=\"warning\"><b>{esc(w['kind'])}</b>: {esc(w['message'])}</p>" for w in report["warnings"]],
            "</header>",
            "<main>",
            "<div class=\"layout\">",
            f"<pre class=\"source\" id=\"source\">{_html_source(report)}</pre>",
            "<aside>",
            _details_card(),
            _family_card(summary, colours),
            _legend_card(),
            "</aside>",
            "</div>",
            _decisions_section(report),
            "</main>"]
    return _page(f"cleaner explain: {title}", "\n".join(body), colours)


def _back(link: str | None) -> str:
    return f"<p><a href=\"{esc(link)}\">← batch summary</a></p>" if link else ""


def _facts(report: dict) -> str:
    source_chars = max(len(report["source"]), 1)
    removed_chars = sum(r["end"] - r["start"] for r in report["removed"])
    meta = "".join(f" · {esc(k)} <b>{esc(v)}</b>" for k, v in sorted(report["metadata"].items()))
    def count(items: list, noun: str) -> str:
        return f"<b>{len(items)}</b> {noun}" + ("" if len(items) == 1 else "s")

    return (f"language <b>{esc(report['language'])}</b> · {count(report['removed'], 'removal')} "
            f"({removed_chars / source_chars:.0%} of {len(report['source'])} characters) · "
            f"{count(report['repairs'], 'repair')} · {count(report['fragments'], 'fragment')} · "
            f"{count(report['gaps'], 'gap')}{meta}")


def _html_source(report: dict) -> str:
    source = report["source"]
    removed, repairs = report["removed"], report["repairs"]
    fragments, gaps = report["fragments"], report["gaps"]
    out: list[str] = []
    for p in pieces(report):
        if p.kind == "text":
            langs = " ".join(sorted({fragments[i]["language"] for i in p.fragments}))
            raw = source[p.start:p.end]
            if p.ref is None:
                out.append(_in_fragment(raw, langs))
                continue
            r = removed[p.ref]
            fam = family(r["rule"])
            cls = _family_class(fam)
            attributes = (f"class=\"removed {cls}\" data-ref=\"removed-{p.ref}\" data-kind=\"removed\" "
                          f"data-rule=\"{esc(r['rule'])}\" data-family=\"{esc(fam)}\" "
                          f"data-reason=\"{esc(r['reason'])}\" data-evidence=\"{esc(r.get('evidence', ''))}\" "
                          f"data-span=\"{r['start']}–{r['end']}\" title=\"{esc(r['rule'])}: {esc(r['reason'])}"
                          + (f" (evidence: {esc(_short(r['evidence'], 120))})" if r.get("evidence") else "") + "\"")
            anchor = f"id=\"removed-{p.ref}\" tabindex=\"0\" " if p.start <= r["start"] else ""
            last = p.end >= r["end"]
            # the family tag goes before a removed line's newline, on the line it names
            core = raw.rstrip("\n") if last else raw
            if core:
                out.append(f"<span {anchor}{attributes}>{_in_fragment(core, langs)}</span>")
            if last:
                out.append(f"<sup class=\"tag {cls}\">{esc(fam)}</sup>")
            if core != raw:
                out.append(f"<span {'' if core else anchor}{attributes}>{_in_fragment(raw[len(core):], langs)}</span>")
        elif p.kind == "repair":
            r = repairs[p.ref]
            out.append(f"<span class=\"repair\" tabindex=\"0\" data-ref=\"repair-{p.ref}\" data-kind=\"repair\" "
                       f"data-rule=\"{esc(r['rule'])}\" data-family=\"{esc(family(r['rule']))}\" "
                       f"data-reason=\"{esc(r.get('reason', ''))}\" data-span=\"{r['start']}–{r['end']}\" "
                       f"data-text=\"{esc(_shown(r['before']))} → {esc(_shown(r['after']))}\" "
                       f"title=\"{esc(r['rule'])}: {esc(_shown(r['before']))} → {esc(_shown(r['after']))}\">"
                       f"<del>{esc(_shown(r['before']))}</del>→<ins>{esc(_shown(r['after']))}</ins></span>")
        elif p.kind == "fragment_start":
            f = fragments[p.ref]
            description = f"text in {f['language']} (confidence {f['confidence']:.2f}), {f['action']}"
            out.append(f"<span class=\"lang\" tabindex=\"0\" data-ref=\"fragment-{p.ref}\" data-kind=\"fragment\" "
                       f"data-rule=\"language\" data-family=\"language\" data-reason=\"{esc(description)}\" "
                       f"data-span=\"{f['start']}–{f['end']}\" title=\"{esc(description)}\">"
                       f"{esc(f['language'])}</span>")
        elif p.kind == "gap":
            g = gaps[p.ref]
            out.append(f"<span class=\"gap\" tabindex=\"0\" data-ref=\"gap-{p.ref}\" data-kind=\"gap\" "
                       f"data-rule=\"gap.{esc(g['kind'])}\" data-reason=\"something is missing here: "
                       f"{esc(g['kind'])}\" data-evidence=\"{esc(g['context'])}\" "
                       f"data-span=\"{g['start']}–{g['end']}\" title=\"gap: {esc(g['kind'])}\">"
                       f"gap: {esc(g['kind'])}</span>")
    return "".join(out)


def _in_fragment(raw: str, languages: str) -> str:
    """Source text, escaped, marked as a foreign fragment when it lies in one."""
    if not languages:
        return esc(raw)
    return f"<span class=\"fragment\" data-lang=\"{esc(languages)}\">{esc(raw)}</span>"


def _details_card() -> str:
    rows = "".join(f"<div data-field=\"{name}\" hidden><dt>{name}</dt><dd></dd></div>"
                   for name in ("kind", "rule", "family", "reason", "evidence", "span", "text"))
    return ("<div class=\"card\" id=\"details\" hidden><h2>Selected decision</h2>"
            f"<dl>{rows}</dl></div>"
            "<div class=\"card\" id=\"hint\"><p>Hover over, click or tab to a highlighted span to see its rule, "
            "reason and evidence here.</p></div>")


def _family_card(summary: dict[str, dict[str, Any]], colours: dict[str, int]) -> str:
    if not summary:
        return "<div class=\"card\" id=\"families\"><h2>Removals by family</h2><p>Nothing was removed.</p></div>"
    rows = "".join(
        f"<tr data-family=\"{esc(fam)}\"><td><span class=\"swatch {_family_class(fam)}\"></span>{esc(fam)}</td>"
        f"<td class=\"n\">{e['count']}</td><td class=\"n\">{e['chars']}</td></tr>"
        for fam, e in summary.items())
    chart = bar_chart([(fam, e["chars"], _family_class(fam)) for fam, e in summary.items()], unit="chars")
    return ("<div class=\"card\" id=\"families\"><h2>Removals by family</h2>"
            "<table><thead><tr><th>family</th><th>count</th><th>chars</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>{chart}</div>")


def _legend_card() -> str:
    return ("<div class=\"card\"><h2>Legend</h2><table>"
            "<tr><td class=\"n\"><span class=\"removed fam-x\">struck</span></td><td>removed; the colour is the family, "
            "the tag after it names it</td></tr>"
            "<tr><td class=\"n\"><span class=\"repair\"><del>a</del>→<ins>b</ins></span></td><td>a repair: before → after "
            "(␣ a space, ∅ nothing)</td></tr>"
            "<tr><td class=\"n\"><span class=\"lang\">xx</span><span class=\"fragment\">text</span></td>"
            "<td>text in language xx</td></tr>"
            "<tr><td><span class=\"gap\">gap</span></td><td>something the page dropped</td></tr>"
            "</table></div>")


def _decisions_section(report: dict) -> str:
    rows = []
    for i, r in sorted(enumerate(report["removed"]), key=lambda x: x[1]["start"]):
        rows.append(f"<tr data-ref=\"removed-{i}\" data-kind=\"removed\" data-rule=\"{esc(r['rule'])}\" "
                    f"data-family=\"{esc(family(r['rule']))}\" data-reason=\"{esc(r['reason'])}\" "
                    f"data-evidence=\"{esc(r.get('evidence', ''))}\" data-span=\"{r['start']}–{r['end']}\">"
                    f"<td class=\"n\">{r['start']}–{r['end']}</td><td><a href=\"#removed-{i}\">{esc(r['rule'])}</a></td>"
                    f"<td>{esc(r['reason'])}</td><td class=\"excerpt\">{esc(_short(r['text'], 120))}</td></tr>")
    for r in report["repairs"]:
        rows.append(f"<tr><td class=\"n\">{r['start']}–{r['end']}</td><td>{esc(r['rule'])}</td>"
                    f"<td>{esc(r.get('reason', ''))}</td><td class=\"excerpt\">{esc(_shown(r['before']))} → "
                    f"{esc(_shown(r['after']))}</td></tr>")
    for f in report["fragments"]:
        rows.append(f"<tr><td class=\"n\">{f['start']}–{f['end']}</td><td>fragment: {esc(f['language'])}</td>"
                    f"<td>confidence {f['confidence']:.2f}, {esc(f['action'])}</td>"
                    f"<td class=\"excerpt\">{esc(_short(f['text'], 120))}</td></tr>")
    for g in report["gaps"]:
        rows.append(f"<tr><td class=\"n\">{g['start']}–{g['end']}</td><td>gap: {esc(g['kind'])}</td>"
                    f"<td></td><td class=\"excerpt\">{esc(_short(g['context'], 120))}</td></tr>")
    if not rows:
        return "<section class=\"decisions\"><h2>Decisions</h2><p>No decisions: the text was already clean.</p></section>"
    return ("<section class=\"decisions\" id=\"decisions\"><h2>Decisions</h2><table><thead><tr><th>span</th>"
            "<th>rule</th><th>reason</th><th>text</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>")


def bar_chart(items: list[tuple[str, float, str]], *, unit: str, width: int = 280, bar: int = 16) -> str:
    """A horizontal bar chart as inline SVG: (label, value, css class) per bar, largest first."""
    items = [i for i in items if i[1] > 0]
    if not items:
        return ""
    top = max(v for _, v, _ in items)
    label_w, value_w = 110, 60
    span = max(width - label_w - value_w, 20)
    height = len(items) * (bar + 4) + 4
    parts = [f"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{width}\" height=\"{height}\" "
             f"viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{esc(unit)} by category\">"]
    for n, (label, value, cls) in enumerate(items):
        y = 4 + n * (bar + 4)
        w = max(1, round(span * value / top))
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        parts.append(f"<text x=\"0\" y=\"{y + bar - 4}\">{esc(_short(label, 18))}</text>"
                     f"<rect class=\"{esc(cls)}\" x=\"{label_w}\" y=\"{y}\" width=\"{w}\" height=\"{bar}\" rx=\"2\" "
                     f"fill=\"#64748b\"><title>{esc(label)}: {shown} {esc(unit)}</title></rect>"
                     f"<text x=\"{label_w + w + 4}\" y=\"{y + bar - 4}\">{shown}</text>")
    parts.append("</svg>")
    return "".join(parts)


# -- batch report --------------------------------------------------------------------------
class BatchReport:
    """Statistics of a batch and a sample of its documents, written as HTML pages.

        report = BatchReport("report/", sample_size=20)
        report.add(name, result, nbytes)        # for every document, in input order
        report.add_failure(name, "TimeoutError: ...")
        report.write()                          # report/index.html and one page per sample

    The sample is the first `sample_size` documents: deterministic, and the same documents
    however many workers cleaned the batch.
    """

    MAX_FAILURES_SHOWN = 200

    def __init__(self, directory: str | Path, *, sample_size: int = 20):
        self.directory = Path(directory)
        self.sample_size = sample_size
        self.documents = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.removals_by_rule: Counter[str] = Counter()
        self.chars_by_rule: Counter[str] = Counter()
        self.languages: Counter[str] = Counter()
        self.warnings: Counter[str] = Counter()
        self.repairs_by_rule: Counter[str] = Counter()
        self.gaps = 0
        self.failures: list[tuple[str, str]] = []
        self.failure_count = 0
        self.sample: list[tuple[str, dict]] = []

    def add(self, name: str, result: Result, nbytes: int | None = None) -> None:
        """Count one cleaned document; keep it for the sample while there is room."""
        self.documents += 1
        self.bytes_in += len(result.source.encode("utf-8")) if nbytes is None else nbytes
        self.bytes_out += len(result.text.encode("utf-8"))
        for r in result.removed:
            self.removals_by_rule[r.rule] += 1
            self.chars_by_rule[r.rule] += r.end - r.start
        for r in result.repairs:
            self.repairs_by_rule[r.rule] += 1
        self.languages[result.language] += 1
        for w in result.warnings:
            self.warnings[w.kind] += 1
        self.gaps += len(result.gaps)
        if len(self.sample) < self.sample_size:
            self.sample.append((name, as_report(result)))

    def add_failure(self, name: str, error: str) -> None:
        self.failure_count += 1
        if len(self.failures) < self.MAX_FAILURES_SHOWN:
            self.failures.append((name, error))

    def write(self) -> Path:
        """Write index.html and the sample pages; returns the path of index.html."""
        self.directory.mkdir(parents=True, exist_ok=True)
        links = []
        for n, (name, report) in enumerate(self.sample, 1):
            page = f"doc-{n:04d}.html"
            (self.directory / page).write_text(html_page(report, title=name, back_link="index.html"),
                                               encoding="utf-8")
            links.append((page, name, report))
        index = self.directory / "index.html"
        index.write_text(self.index_page(links), encoding="utf-8")
        return index

    def index_page(self, links: list[tuple[str, str, dict]]) -> str:
        by_family: Counter[str] = Counter()
        for rule, chars in self.chars_by_rule.items():
            by_family[family(rule)] += chars
        colours = family_colours(by_family)
        saved = 1 - self.bytes_out / self.bytes_in if self.bytes_in else 0.0
        body = ["<header><h1>cleaner batch report</h1>",
                f"<p class=\"facts\"><b>{self.documents}</b> documents cleaned · <b>{self.failure_count}</b> failed · "
                f"<b>{self.bytes_in:,}</b> bytes in · <b>{self.bytes_out:,}</b> bytes out ({saved:.0%} removed) · "
                f"<b>{sum(self.removals_by_rule.values())}</b> removals · <b>{sum(self.repairs_by_rule.values())}</b> "
                f"repairs · <b>{self.gaps}</b> gaps</p></header><main>",
                "<div class=\"layout\"><div>",
                "<section class=\"card\" id=\"by-family\"><h2>Characters removed by family</h2>",
                bar_chart([(f, c, _family_class(f)) for f, c in by_family.most_common()], unit="characters",
                          width=640) or "<p>Nothing was removed.</p>",
                "</section>",
                self._rule_table(colours),
                self._sample_table(links),
                self._failure_table(),
                "</div><aside>",
                self._counter_card("Languages", "languages", self.languages, "documents"),
                self._counter_card("Warnings", "warnings", self.warnings, "documents"),
                self._counter_card("Repairs by rule", "repairs", self.repairs_by_rule, "repairs"),
                "</aside></div></main>"]
        return _page("cleaner batch report", "\n".join(body), colours, script=False)

    def _rule_table(self, colours: dict[str, int]) -> str:
        rows = "".join(
            f"<tr data-rule=\"{esc(rule)}\"><td><span class=\"swatch {_family_class(family(rule))}\"></span>"
            f"{esc(rule)}</td><td class=\"n\">{count}</td><td class=\"n\">{self.chars_by_rule[rule]:,}</td></tr>"
            for rule, count in sorted(self.removals_by_rule.items(), key=lambda kv: (-kv[1], kv[0])))
        return ("<section class=\"card decisions\" id=\"by-rule\"><h2>Removals by rule</h2><table><thead><tr>"
                "<th>rule</th><th>removals</th><th>characters</th></tr></thead>"
                f"<tbody>{rows or '<tr><td>none</td></tr>'}</tbody></table></section>")

    def _sample_table(self, links: list[tuple[str, str, dict]]) -> str:
        rows = "".join(
            f"<tr><td><a href=\"{page}\">{esc(name)}</a></td><td>{esc(report['language'])}</td>"
            f"<td class=\"n\">{len(report['removed'])}</td><td class=\"n\">{len(report['source'])}</td>"
            f"<td class=\"n\">{len(report['text'])}</td></tr>" for page, name, report in links)
        return ("<section class=\"card decisions\" id=\"sample\"><h2>Sample documents "
                f"(the first {len(links)})</h2><table><thead><tr><th>document</th><th>language</th>"
                "<th>removals</th><th>source chars</th><th>clean chars</th></tr></thead>"
                f"<tbody>{rows}</tbody></table></section>")

    def _failure_table(self) -> str:
        if not self.failure_count:
            return ""
        rows = "".join(f"<tr><td>{esc(name)}</td><td>{esc(error)}</td></tr>" for name, error in self.failures)
        more = (f"<p>and {self.failure_count - len(self.failures)} more</p>"
                if self.failure_count > len(self.failures) else "")
        return ("<section class=\"card decisions\" id=\"failures\"><h2>Failures</h2><table><thead><tr>"
                f"<th>document</th><th>error</th></tr></thead><tbody>{rows}</tbody></table>{more}</section>")

    @staticmethod
    def _counter_card(title: str, ident: str, counts: Counter, unit: str) -> str:
        if not counts:
            return f"<div class=\"card\" id=\"{ident}\"><h2>{esc(title)}</h2><p>none</p></div>"
        rows = "".join(f"<tr><td>{esc(k)}</td><td class=\"n\">{v}</td></tr>"
                       for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"<div class=\"card\" id=\"{ident}\"><h2>{esc(title)}</h2>"
                f"<table><thead><tr><th></th><th>{esc(unit)}</th></tr></thead><tbody>{rows}</tbody></table></div>")
