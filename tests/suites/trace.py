# SPDX-License-Identifier: MIT
"""The system call tracer (kernel option strace): init's full trace against a
checked-in golden copy, the name filter, the summary table, and silence when
the tracer is off.

To refresh the golden copy after changing init or the tracer on purpose:
    TRAPDOOR_UPDATE_GOLDEN=1 python3 tests/run_tests.py trace
then read the diff (git diff tests/golden/trace/) before committing it.

The golden copy leaves out what changes whenever init grows, so that a change
shows up only in the lines it is about (docs/adding-a-syscall.md relies on
it): an argument that points into init's own image is written as the section
it lies in, <init .rodata>, or if in none as its distance from the image's end,
<init _end-0x64>; TAP numbers and init's count of its checks are written N
("ok N - ...", "1..N", "0 of N checks"). Everything else is the tracer's
output as it is: stack and kernel addresses, strings, counts, results."""
import difflib
import os
import re

from trapdoor import ROOT, USER, boot, build_iso, program, sections, symbol, tail

GOLDEN = ROOT / "tests" / "golden" / "trace" / "init.strace"
INIT = USER / "init.elf"
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(?<=[(, ])(\w+)=(0x[0-9a-f]+)\b')


def trace_lines(out):
    return [line for line in out.splitlines() if line.startswith("[1 init] ")]


def layout_free(line, image, end):
    """line as the golden copy keeps it (see above). image: [(section, start, size)]
    of init.elf; end: its _end."""
    start = min(addr for _, addr, _ in image) & ~0xfff

    def placeholder(m):
        if m.group(0).startswith('"'):
            s = re.sub(r'^"((?:not )?ok )\d+ - ', r'"\1N - ', m.group(0))
            s = re.sub(r'^"1\.\.\d+\\n"$', r'"1..N\\n"', s)
            return re.sub(r'^"(init: \d+ of )\d+ checks', r'"\1N checks', s)
        addr = int(m.group(2), 16)
        if not start <= addr < end:
            return m.group(0)
        inside = [name for name, at, size in image if at <= addr < at + size]
        return f"{m.group(1)}=<init {inside[0]}>" if inside else f"{m.group(1)}=<init _end-{end - addr:#x}>"
    return TOKEN.sub(placeholder, line)


def run(t):
    _, full = boot(build_iso("strace", [program("init")], cmdline="strace"))
    lines = trace_lines(full)
    image, end = sections(INIT), symbol("_end", INIT)
    kept = [layout_free(line, image, end) for line in lines]
    if os.environ.get("TRAPDOOR_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text("\n".join(kept) + "\n")
    want = GOLDEN.read_text().splitlines() if GOLDEN.exists() else []
    diff = "\n".join(difflib.unified_diff(want, kept, "golden", "now", lineterm="", n=1))
    t.ok(kept and kept == want, f"init's trace matches {GOLDEN.relative_to(ROOT)} ({len(lines)} lines), "
         "addresses inside init and TAP numbers left out", diff[:3000] + "\n(to refresh it: "
         "TRAPDOOR_UPDATE_GOLDEN=1 python3 tests/run_tests.py trace; then read git diff tests/golden/)")
    t.ok(lines and lines[-1] == "[1 init] exit_group(error_code=0) = ?",
         "a call that never returns ends its line with \"= ?\"", tail(full))
    t.ok(any(re.fullmatch(r'\[1 init\] write\(fd=1, buf=0x[0-9a-f]+ "ok 4 - argv\[0\] is \\"\.\.\./init\.elf\\""\.\.\., count=53\) = 53', l)
             for l in lines), "write's buffer is shown as an escaped string of count bytes", tail(full))
    t.ok("[1 init] getpid() = 1 <int80>" in lines, "a call through int 0x80 is marked <int80>", tail(full))
    t.ok("[1 init] write(fd=1, buf=0, count=1) = -14 EFAULT" in lines,
         "an unreadable buffer prints its address and the call still fails with EFAULT", tail(full))
    t.ok("[1 init] syscall_9999(0, 0, 0, 0, 0, 0) = -38 ENOSYS" in lines,
         "an unknown number prints as syscall_N with raw arguments and ENOSYS", tail(full))

    _, some = boot(build_iso("strace-filter", [program("init")], cmdline="strace=write,getpid"))
    filtered = trace_lines(some)
    names = {re.match(r"\[1 init\] (\w+)\(", l).group(1) for l in filtered}
    t.ok(names == {"write", "getpid"}, "strace=write,getpid traces only write and getpid", sorted(names))
    t.ok(filtered == [l for l in lines if re.match(r"\[1 init\] (write|getpid)\(", l)],
         "the filtered trace is exactly the full trace's write and getpid lines")

    _, summary = boot(build_iso("strace-summary", [program("init")], cmdline="strace=summary"))
    rows = dict((m.group(4), (int(m.group(1)), int(m.group(2))))
                for m in re.finditer(r"^ +(\d+) +(\d+) +(\d+)  (\S+)$", summary, re.M))
    writes = [l for l in lines if l.startswith("[1 init] write(")]
    t.ok(rows.get("write") == (len(writes), sum(" = -" in l for l in writes)),
         "strace=summary counts every write and its errors", tail(summary))
    t.ok(rows.get("total", (0,))[0] == len(lines), "the summary's total counts every call", tail(summary))
    t.ok("[1 init] system call summary:" in summary and not [l for l in trace_lines(summary) if "(" in l],
         "strace=summary alone prints the table and no per-call lines", tail(summary))

    _, quiet = boot(build_iso("strace-off", [program("init")]))
    t.ok(not trace_lines(quiet) and "init: 0 of " in quiet, "without the option nothing is traced", tail(quiet))
