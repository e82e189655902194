# SPDX-License-Identifier: MIT
"""docs: the links in the documentation still point where they say.

Checked: every Markdown file in docs/, and README.md at the top if there is one.
Links inside fenced code blocks and inside `code spans` are not links and are
skipped; links with a scheme (https:, mailto:) are not checked.

The rules (docs/README.md repeats them for writers):

 1. A relative link names a file or directory that exists, inside the
    repository and not under build/ (generated files are not in a checkout:
    name them in a code span instead).
 2. A line anchor, FILE#L<n> or FILE#L<n>-L<m>, must show what it points at
    and land where that is the subject, not on a later mention: the link text
    holds at least one `code span`; line n of FILE contains the text of every
    code span verbatim (a trailing "()" is dropped first; a span that starts or
    ends with a letter, digit or _ must not continue a longer name there); and
    line n is either the first line of FILE that contains them all, or their
    own statement or definition: it begins, after its indentation, with one of
    the spans, or defines one (#define NAME, %define NAME, %macro NAME, or an
    unindented line not ending in ";" with NAME( -- a C function's first line).
    A link [`MSR_STAR`](../arch/x86/kernel/cpu.c#L<n>) is refused when line n
    is syscall_print's read-back, `uint64_t star = rdmsr(MSR_STAR);`: the
    write, `wrmsr(MSR_STAR, ...)`, holds it first, and line n neither begins
    with it nor defines it. [`wrmsr(MSR_STAR`](...) on the write's line is
    what the text "syscall_init writes" means. (self_test() keeps that case,
    which anatomy.md once had.) For a range, m is at least n and at
    most the file's length. Line anchors go in inline links only: a reference
    definition has no text to check.
 3. Any other anchor, FILE.md#name or #name, names a heading of that Markdown
    file, spelled as GitHub spells heading anchors (lower case, punctuation
    dropped, spaces to hyphens, "-1", "-2"... for repeats).
 4. docs/README.md (the reading order) links to every other docs/*.md file.
 5. The documents stand alone: their prose does not mention an issue, a
    ticket or a pull request, which a reader of the repository cannot open.
 6. A document whose code blocks show kernel addresses (0xffffffff8...)
    says in its prose that addresses depend on the build, or differ in yours.
 7. A figure about the build listed in FIGURES (the kernel's text size in
    docs/design.md) agrees with build/ to the precision it is written in:
    "34,786" must be exact, "35,000" right to the nearest thousand. (So run
    `make` first; make test does.)
 8. A Markdown document named anywhere in the tree (a comment, a docstring,
    GDB's help text: "docs/design.md", "anatomy.md") exists: the name
    resolves from the naming file's directory, the top of the tree or docs/.

When code moves, `python3 tests/suites/docs.py --fix` moves each line anchor
rule 2 refuses to the nearest line that begins with or defines one of its
code spans (if there is none, to the nearest line rule 2 accepts), and prints
what it changed; read the diff before you commit it.
"""
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"

LINE_ANCHOR = re.compile(r"^L(\d+)(?:-L(\d+))?$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
REFDEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*(\S+)", re.M)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.S)


def markdown_files():
    files = sorted(DOCS.glob("*.md"))
    if (ROOT / "README.md").is_file():
        files.append(ROOT / "README.md")
    return files


def rel(path, root=ROOT):
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def blank_fences(text):
    """text with every fenced code block blanked to spaces (line numbers and offsets stay)."""
    out, fence = [], None
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            out.append(" " * len(line))
        elif fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) <= {fence[0]}:
                fence = None
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)


def skip_code_span(text, i):
    """If a code span opens at text[i], the index just past it, else None."""
    n = len(text) - len(text[i:].lstrip("`"))
    run = text[i:n]
    j = n
    while True:
        k = text.find(run, j)
        if k < 0:
            return None
        end = k + len(run)
        if end < len(text) and text[end] == "`" or text[k - 1] == "`":
            j = end
            while j < len(text) and text[j] == "`":
                j += 1
            continue
        return end


def inline_links(text):
    """[(text, destination, offset of destination)] for each inline link or image."""
    links, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            end = skip_code_span(text, i)
            if end is None:
                i += len(text[i:]) - len(text[i:].lstrip("`"))
            else:
                i = end
            continue
        if c != "[":
            i += 1
            continue
        # Find the matching "]", stepping over code spans and nested brackets.
        depth, j = 1, i + 1
        while j < len(text) and depth:
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "`":
                end = skip_code_span(text, j)
                j = end if end is not None else j + 1
                continue
            depth += {"[": 1, "]": -1}.get(text[j], 0)
            j += 1
        if depth or j >= len(text) or text[j] != "(":
            i += 1
            continue
        m = re.match(r"\(\s*<?([^\s)>]*)>?(?:\s+\"[^\"]*\")?\s*\)", text[j:])
        if not m:
            i += 1
            continue
        links.append((text[i + 1:j - 1], m.group(1), j + m.start(1)))
        i = j + m.end()
    return links


def slug(heading):
    """GitHub's anchor for a heading text."""
    s = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    s = s.lower().replace("`", "")
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")


def heading_anchors(path):
    anchors, seen = set(), {}
    for line in blank_fences(path.read_text()).split("\n"):
        m = HEADING.match(line)
        if not m:
            continue
        base = slug(m.group(2))
        n = seen.get(base, 0)
        seen[base] = n + 1
        anchors.add(base if n == 0 else f"{base}-{n}")
    return anchors


def code_spans(link_text):
    spans = []
    for m in CODE_SPAN.finditer(link_text):
        s = m.group(2)
        if s.startswith(" ") and s.endswith(" ") and s.strip():
            s = s[1:-1]
        s = s.replace("\n", " ")
        spans.append(s[:-2] if s.endswith("()") and len(s) > 2 else s)
    return spans


class Problem:
    def __init__(self, kind, where, message, fix=None):
        self.kind, self.where, self.message, self.fix = kind, where, message, fix

    def __str__(self):
        return f"{self.where}: {self.message}"

    __repr__ = __str__


def check_target(md, lineno, dest, root=ROOT):
    """(resolved path or None, problem or None) for a link destination's file part."""
    path_part = dest.split("#", 1)[0]
    if not path_part:
        return md, None
    target = (md.parent / path_part).resolve()
    where = f"{rel(md, root)}:{lineno}"
    if root != target and root not in target.parents:
        return None, Problem("file", where, f"{dest} points outside the repository")
    if (root / "build") == target or (root / "build") in target.parents:
        return None, Problem("file", where, f"{dest} is under build/, which a checkout does not have")
    if not target.exists():
        return None, Problem("file", where, f"{dest}: no such file")
    return target, None


def _bounded(span):
    """span as a regex that does not match inside a longer name: a span that starts
    (ends) with a letter, digit or _ must not have one just before (after) it."""
    return ((r"(?<!\w)" if re.match(r"\w", span) else "") + re.escape(span)
            + (r"(?!\w)" if re.search(r"\w$", span) else ""))


def holds(line, spans):
    """line contains every code span, none of them as part of a longer name."""
    return all(re.search(_bounded(s), line) for s in spans)


def is_statement(line, spans):
    """line is what one of the spans names: it begins with the span (after its
    indentation), or defines it: #define SPAN, %define SPAN, %macro SPAN, or an
    unindented line, not ending in ';', with SPAN( (a C function's first line)."""
    for s in spans:
        if re.match(r"\s*(?:#\s*define\s+|%define\s+|%macro\s+)?" + _bounded(s), line):
            return True
        if (re.fullmatch(r"[A-Za-z_]\w*", s) and re.match(r"[A-Za-z_]", line)
                and not line.rstrip().endswith(";") and re.search(_bounded(s) + r"\s*\(", line)):
            return True
    return False


def anchor_lines(lines, spans):
    """(the lines holding every span, the lines a link with these spans may land on:
    the first holder, and every holder that is the spans' statement or definition)."""
    holders = [i + 1 for i, line in enumerate(lines) if holds(line, spans)]
    allowed = [h for h in holders if h == holders[0] or is_statement(lines[h - 1], spans)]
    return holders, allowed


def check_file(md, fix=False, root=ROOT, log=print):
    """Problems in one Markdown file, and counts; with fix, rewrite anchors whose line
    no longer holds their code spans (log says what moved)."""
    raw = md.read_text()
    text = blank_fences(raw)
    problems, counts = [], {"links": 0, "line anchors": 0, "headings": 0}

    def lineno(offset):
        return text.count("\n", 0, offset) + 1

    for m in REFDEF.finditer(text):
        dest = m.group(2).strip("<>")
        if SCHEME.match(dest):
            continue
        counts["links"] += 1
        target, p = check_target(md, lineno(m.start()), dest, root)
        if p:
            problems.append(p)
        elif "#" in dest and LINE_ANCHOR.match(dest.split("#", 1)[1]):
            problems.append(Problem("anchor", f"{rel(md, root)}:{lineno(m.start())}",
                                    f"[{m.group(1)}]: {dest}: a line anchor needs an inline link, whose text is checked"))

    edits = []      # (offset, old, new) in raw: fences are blanked, not removed, so offsets agree
    for link_text, dest, offset in inline_links(text):
        if SCHEME.match(dest) or not dest:
            continue
        counts["links"] += 1
        where = f"{rel(md, root)}:{lineno(offset)}"
        target, p = check_target(md, lineno(offset), dest, root)
        if p:
            problems.append(p)
            continue
        if "#" not in dest:
            continue
        frag = dest.split("#", 1)[1]
        a = LINE_ANCHOR.match(frag)
        if not a:
            counts["headings"] += 1
            if target.suffix != ".md" or target.is_dir():
                problems.append(Problem("anchor", where, f"{dest}: only Markdown files have heading anchors; "
                                                          "use #L<n> for a line"))
            elif frag not in heading_anchors(target):
                problems.append(Problem("anchor", where, f"{dest}: {rel(target, root)} has no heading with that anchor"))
            continue
        counts["line anchors"] += 1
        if target.is_dir():
            problems.append(Problem("anchor", where, f"{dest}: a directory has no lines"))
            continue
        lines = target.read_text().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        n, m_ = int(a.group(1)), int(a.group(2) or a.group(1))
        spans = code_spans(link_text)
        if not spans:
            problems.append(Problem("anchor", where, f"[{link_text}]({dest}): a line anchor's link text "
                                                      "needs a `code span` naming what is on the line"))
            continue
        if m_ < n or m_ > len(lines):
            problems.append(Problem("anchor", where, f"{dest}: the range must lie within the file's "
                                                      f"{len(lines)} lines"))
            continue
        holders, allowed = anchor_lines(lines, spans)
        if n in allowed:
            continue
        what = " and ".join(f'"{s}"' for s in spans)
        name = rel(target, root)
        # Where --fix would move it: the nearest statement or definition of the spans,
        # else the nearest line the rule accepts (their first line).
        pool = [h for h in allowed if is_statement(lines[h - 1], spans)] or allowed
        best = min(pool, key=lambda h: (abs(h - n), h)) if pool else None
        if best:
            new_frag = f"L{best}" + (f"-L{min(best + m_ - n, len(lines))}" if a.group(2) else "")
            edits.append((offset + len(dest) - len(frag), frag, new_frag))
        if n in holders:
            message = (f"line {n} of {name} holds {what} only as a later mention: line {holders[0]} holds "
                       f"{'them' if len(spans) > 1 else 'it'} first, and line {n} neither begins with "
                       f"{'one of them' if len(spans) > 1 else 'it'} nor defines it. Point at line "
                       + ", line ".join(map(str, allowed[:4]))
                       + f", or write a code span from line {n} that no earlier line holds (line {n} reads "
                       f"`{lines[n - 1].strip()[:60]}`)")
        elif allowed:
            message = (f"line {n} of {name} does not contain {what}; it may land on line"
                       f"{'s' if len(allowed) > 1 else ''} {', '.join(map(str, allowed[:8]))}"
                       + (", ..." if len(allowed) > 8 else ""))
        else:
            message = (f"line {n} of {name} does not contain {what}; no line of it has "
                       + ("all of them" if len(spans) > 1 else "it"))
        problems.append(Problem("anchor", where, message + (f" (--fix: line {best})" if best else ""), fix=bool(best)))

    if fix and edits:
        for off, old, new in sorted(edits, reverse=True):
            assert raw[off:off + len(old)] == old
            raw = raw[:off] + new + raw[off + len(old):]
            log(f"{rel(md, root)}:{lineno(off)}: #{old} -> #{new}")
        md.write_text(raw)
    return problems, counts


# A Markdown document named anywhere in the tree: "docs/design.md", "anatomy.md".
DOC_NAME = re.compile(r"(?<![\w./-])((?:[\w.-]+/)*[\w-]+\.md)\b")
# What the rules for writers write for "a Markdown file", not a file's name.
PLACEHOLDER_NAMES = {"FILE.md"}
# Mentions known to be stale and left alone for now: {file: {name: why}}.
STALE_NAMES_ALLOWED = {
    "kernel/program.c": {"DESIGN.md": "being rewritten on another branch, which drops the mention"},
    "tests/suites/docs.py": {"DESIGN.md": "this list"},
}


def tree_files():
    """The files of the working tree as git sees them (tracked and new, not ignored), outside build/."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
        names = sorted(set(filter(None, out.decode().split("\0"))))
    except (OSError, subprocess.CalledProcessError):        # not a git checkout
        names = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                       if p.is_file() and not {".git", "build"} & set(p.relative_to(ROOT).parts))
    return [ROOT / n for n in names if not n.startswith("build/") and (ROOT / n).is_file()]


def named_document_problems():
    """Every Markdown document a file names (a comment, a docstring, GDB's help) exists:
    the name resolves from the naming file's directory, the top of the tree or docs/."""
    problems = []
    for path in tree_files():
        try:
            text = path.read_text()
        except (UnicodeDecodeError, OSError):
            continue
        for lineno, line in enumerate(text.split("\n"), 1):
            for m in DOC_NAME.finditer(line):
                name = m.group(1)
                if name in PLACEHOLDER_NAMES:
                    continue
                bases = [path.parent, ROOT] + ([] if "/" in name else [DOCS])
                if any((b / name).is_file() for b in bases):
                    continue
                if name in STALE_NAMES_ALLOWED.get(rel(path), {}):
                    continue
                problems.append(f"{rel(path)}:{lineno}: names {name}, which the repository does not have")
    return problems


# Words for what lives in a tracker, which a reader of the repository cannot open.
TRACKER_WORDS = re.compile(r"\b(?:[Ii]ssues?|[Tt]ickets?|[Pp]ull requests?|PRs?)\b")


def tracker_problems(md):
    """Lines of md's prose (outside code) that lean on an issue, ticket or pull request."""
    text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), blank_fences(md.read_text()))
    return [f"{rel(md)}:{n}: {line.strip()}" for n, line in enumerate(text.split("\n"), 1)
            if TRACKER_WORDS.search(line)]


def kernel_text_bytes():
    """The text column of `size build/trapdoor.elf`: code and read-only data."""
    out = subprocess.run(["size", str(ROOT / "build" / "trapdoor.elf")], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True).stdout
    fields = out.split("\n")[1].split() if "\n" in out else []
    if not fields or not fields[0].isdigit():
        raise RuntimeError(f"size build/trapdoor.elf: {out.strip()} (build it first: make)")
    return int(fields[0])


# Figures the documents give about the build: (document, the sentence as a regex
# whose group 1 is the figure, what it is, how to measure it).
FIGURES = [
    ("docs/design.md", r"of the kernel's (?:about |some )?([\d,]+) bytes of text",
     "the kernel's text, `size build/trapdoor.elf`", kernel_text_bytes),
]


def figure_problems():
    """Each figure in FIGURES agrees with the build to the precision it is written in:
    34,786 exactly, 34,800 to the nearest hundred, 35,000 to the nearest thousand."""
    problems = []
    for doc, sentence, what, measure in FIGURES:
        found = re.search(sentence, " ".join((ROOT / doc).read_text().split()))
        if not found:
            problems.append(f"{doc} no longer says /{sentence}/ ({what}); update FIGURES in docs.py")
            continue
        written = found.group(1).replace(",", "")
        unit = 10 ** (len(written) - len(written.rstrip("0")))
        try:
            now = measure()
        except (OSError, RuntimeError) as e:
            problems.append(f"{doc}: cannot measure {what}: {e}")
            continue
        if abs(now - int(written)) * 2 > unit:
            problems.append(f"{doc} gives {found.group(1)} for {what}; the build has {now:,}: write "
                            f"{round(now / unit) * unit:,}" + (" (to the same precision)" if unit > 1 else "")
                            + ", or round it further")
    return problems


KERNEL_ADDRESS = re.compile(r"\b(?:0x)?ffffffff8[0-9a-f]{7}\b")
ADDRESS_NOTE = re.compile(r"address[^.]{0,80}\b(?:differ|depend)|\b(?:differ|depend)[^.]{0,80}address", re.S)


def address_note_problem(md):
    """A document whose code blocks show kernel addresses must say, in its prose,
    that they depend on the build: a learner's will differ."""
    raw = md.read_text()
    prose = blank_fences(raw)
    shown = [line for line, kept in zip(raw.split("\n"), prose.split("\n"))
             if line != kept and KERNEL_ADDRESS.search(line)]
    if shown and not ADDRESS_NOTE.search(" ".join(prose.split())):
        return (f"{rel(md)} shows kernel addresses from one build ({KERNEL_ADDRESS.search(shown[0]).group(0)}, ...) "
                "but never says that addresses differ from build to build")
    return None


def readme_problems():
    index = DOCS / "README.md"
    if not index.is_file():
        return ["docs/README.md does not exist"]
    listed = set()
    for _, dest, _ in inline_links(blank_fences(index.read_text())):
        if not SCHEME.match(dest):
            listed.add((DOCS / dest.split("#", 1)[0]).resolve())
    return [f"docs/README.md does not link to docs/{p.name}"
            for p in sorted(DOCS.glob("*.md")) if p.name != "README.md" and p.resolve() not in listed]


# self_test's tree: the part of arch/x86/kernel/cpu.c that anatomy.md once
# linked wrongly (its MSR_* links landed on syscall_print's read-back), and the
# bullets as they were, with each link's line found by what that line holds.
SELF_TEST_C = """\
/* What SYSCALL clears (MSR_SYSCALL_MASK); syscall_print shows it. */
#define SYSCALL_MASK (X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF | X86_EFLAGS_AC)

void syscall_init(void)
{
	wrmsr(MSR_STAR, ((uint64_t)__USER32_CS << 48) | ((uint64_t)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
}

/* syscall_print: what the CPU will do on SYSCALL and SYSRET, read back from the MSRs. */
void syscall_print(void)
{
	uint64_t star = rdmsr(MSR_STAR);

	printk("STAR   %016lx\\n", star);
	printk("LSTAR  %016lx  entry_SYSCALL_64\\n", rdmsr(MSR_LSTAR));
	printk("SFMASK %016lx\\n",
	       rdmsr(MSR_SYSCALL_MASK));
}
"""
SELF_TEST_LINKS = {     # code span: (the line the link lands on, as a text it holds; refused?)
    "old": [("MSR_STAR", "rdmsr(MSR_STAR)", True), ("MSR_LSTAR", "rdmsr(MSR_LSTAR)", True),
            ("MSR_SYSCALL_MASK", "rdmsr(MSR_SYSCALL_MASK)", True),
            ("SYSCALL_MASK", "wrmsr(MSR_SYSCALL_MASK", True)],
    "new": [("wrmsr(MSR_STAR", "wrmsr(MSR_STAR", False), ("wrmsr(MSR_LSTAR", "wrmsr(MSR_LSTAR", False),
            ("wrmsr(MSR_SYSCALL_MASK", "wrmsr(MSR_SYSCALL_MASK", False), ("MSR_STAR", "wrmsr(MSR_STAR", False),
            ("SYSCALL_MASK", "#define SYSCALL_MASK", False), ("syscall_print", "void syscall_print", False),
            ("rdmsr(MSR_STAR)", "rdmsr(MSR_STAR)", False), ("STAR", 'printk("STAR', False)],
}


def self_test():
    """The rule of line anchors on a known case: what went wrong, or []."""
    wrong = []
    lines = SELF_TEST_C.split("\n")

    def line_of(text):
        return next(i + 1 for i, line in enumerate(lines) if text in line)

    with tempfile.TemporaryDirectory(prefix="trapdoor-docs.") as tmp:
        root = pathlib.Path(tmp)
        (root / "docs").mkdir()
        (root / "cpu.c").write_text(SELF_TEST_C)
        for case, links in SELF_TEST_LINKS.items():
            md = root / "docs" / f"{case}.md"
            at = {(span, holder): line_of(holder) for span, holder, _ in links}
            md.write_text("".join(f"- [`{span}`](../cpu.c#L{at[span, holder]}) is what `syscall_init` writes\n"
                                  for span, holder, _ in links))
            problems, _ = check_file(md, root=root)
            refused = {p.where.rsplit(":", 1)[1] for p in problems}
            for i, (span, holder, want) in enumerate(links, 1):
                if (str(i) in refused) != want:
                    wrong.append(f"{case}: [`{span}`] on the line holding `{holder}` (line {at[span, holder]}) "
                                 f"was {'accepted' if want else 'refused'}: {problems}")
        # --fix: an anchor whose code moved (its line no longer holds the span, or now
        # holds a mere mention of it) goes to the nearest statement or definition.
        case = "fix"
        md = root / "docs" / f"{case}.md"
        links = [("wrmsr(MSR_LSTAR", line_of("void syscall_init"), line_of("wrmsr(MSR_LSTAR")),
                 ("syscall_print", line_of("read back from the MSRs"), line_of("void syscall_print")),
                 ("MSR_STAR", line_of("rdmsr(MSR_STAR)"), line_of("wrmsr(MSR_STAR"))]
        md.write_text("".join(f"[`{span}`](../cpu.c#L{was})\n" for span, was, _ in links))
        want = "".join(f"[`{span}`](../cpu.c#L{now})\n" for span, _, now in links)
        log = []
        problems, _ = check_file(md, fix=True, root=root, log=log.append)
        if md.read_text() != want or len(log) != 3 or not all(p.fix for p in problems):
            wrong.append(f"--fix: wanted {want!r}, got {md.read_text()!r}; log {log}; problems {problems}")
        if check_file(md, root=root)[0]:
            wrong.append(f"--fix: what it wrote is still refused: {check_file(md, root=root)[0]}")
    return wrong


def run(t):
    files = markdown_files()
    t.ok(len(files) >= 2, "docs/ holds Markdown files to check", f"found: {[rel(f) for f in files]}")
    wrong = self_test()
    t.ok(not wrong, "line anchors: the links anatomy.md once had, on syscall_print's read-back of the MSRs "
         "instead of syscall_init's wrmsr, are refused; --fix moves anchors to the nearest statement",
         "\n".join(wrong))
    totals = {"links": 0, "line anchors": 0, "headings": 0}
    for md in files:
        problems, counts = check_file(md)
        for k in totals:
            totals[k] += counts[k]
        name = rel(md)
        t.ok(not [p for p in problems if p.kind == "file"],
             f"every relative link in {name} names an existing file in the repository",
             "\n".join(str(p) for p in problems if p.kind == "file"))
        t.ok(not [p for p in problems if p.kind == "anchor"],
             f"every anchor in {name} lands on the line its code span shows (its statement, definition "
             "or first line), or on a heading",
             "\n".join(str(p) for p in problems if p.kind == "anchor")
             + "\n(python3 tests/suites/docs.py --fix moves each to the nearest statement; read its diff)")
    t.ok(totals["line anchors"] > 0, "the documents have line anchors to check (the checker found them)",
         f"counts: {totals}")
    leaning = [p for md in files for p in tracker_problems(md)]
    t.ok(not leaning, "the documents stand alone: they lean on no issue, ticket or pull request",
         "\n".join(leaning) + "\n(say in the text what it says, or cite something public)")
    unnoted = list(filter(None, map(address_note_problem, files)))
    t.ok(not unnoted, "a document that shows kernel addresses says they differ from build to build",
         "\n".join(unnoted))
    wrong = figure_problems()
    t.ok(not wrong, "the figures the documents give about the build agree with build/, to the precision written",
         "\n".join(wrong))
    stale = named_document_problems()
    t.ok(not stale, "every Markdown document named in the tree (comments, docstrings, help text) exists",
         "\n".join(stale))
    missing = readme_problems()
    t.ok(not missing, "docs/README.md lists every document in docs/", "\n".join(missing))


if __name__ == "__main__":
    if sys.argv[1:] not in ([], ["--fix"]):
        sys.exit("usage: python3 tests/suites/docs.py [--fix]")
    bad = 0
    for md in markdown_files():
        problems, _ = check_file(md, fix=sys.argv[1:] == ["--fix"])
        for p in problems:
            if not (sys.argv[1:] == ["--fix"] and p.fix):
                print(p)
                bad += 1
    sys.exit(1 if bad else 0)
