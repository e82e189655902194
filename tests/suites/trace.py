# SPDX-License-Identifier: MIT
"""The system call tracer (kernel option strace): init's full trace against a
checked-in golden copy, the name filter, the summary table, and silence when
the tracer is off. Then flags and constants decoded by name, as strace does:
tests/trace/flags.c, built with musl and glibc, runs under strace on this
machine and under trapdoor, and each argument either prints by name
(PROT_READ|PROT_WRITE, AT_FDCWD, 0x4d /* MADV_??? */) or as a decimal number
must read the same in both. Its calls through int $0x80 are checked against
strace too where this machine's Linux runs them (one built without
IA32_EMULATION kills the program instead), and against the lines written
below always.

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
import shutil
import subprocess

from trapdoor import BUILD, ROOT, USER, boot, build_iso, item, program, sections, symbol, tail

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


def test_signals(t):
    """Signals and interrupted calls, as strace shows them."""
    _, out = boot(build_iso("strace-signals", [program("sighandler"), program("sighandler", "pause")],
                            cmdline="strace"))
    pid = r"\[1 sighandler\] "
    checks = [
        (pid + r"--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=1, si_uid=0\} ---$",
         "a signal the program sent itself is shown with its sender, as strace shows it"),
        (pid + r"--- SIGSEGV \{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10\} ---$",
         "a page fault's SIGSEGV is shown with SEGV_MAPERR and the address"),
        (pid + r"rt_sigreturn\(\) = 0$", "the handler's return is the rt_sigreturn call, returning rax as it was"),
        (r"\[2 sighandler\] pause\(\) = \? ERESTARTNOHAND \(To be restarted if no handler\)$",
         "a pause a signal interrupts shows ERESTARTNOHAND, as strace does"),
        (r"\[2 sighandler\] --- SIGALRM \{si_signo=SIGALRM, si_code=SI_KERNEL\} ---$",
         "the alarm's SIGALRM comes from the kernel (SI_KERNEL)"),
        (r"\[2 sighandler\] rt_sigreturn\(\) = -4 EINTR$",
         "after the handler, the interrupted pause returns -EINTR"),
    ]
    for pattern, name in checks:
        t.ok(re.search(pattern, out, re.M), name, tail(out, 30))
    t.ok("pid 2 (sighandler) exited with status 0" in out, "the program saw pause return -EINTR", tail(out))


def run(t):
    test_signals(t)
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

    flags(t)


# ---- Decoded arguments against strace ----------------------------------------------

FLAGS_SRC = ROOT / "tests" / "trace" / "flags.c"
FLAGS_OUT = BUILD / "tests" / "trace"
COMPILERS = {"musl": ["musl-gcc", "-static"], "glibc": ["gcc", "-static"]}
CFLAGS = ["-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror"]
HINT = "sh scripts/install-deps.sh test installs it; make test runs that"
# A value printed by name: names and hex joined by "|", maybe "0x4d /* MADV_??? */" or "21<<MAP_HUGE_SHIFT";
# a mode in octal, "0644"; or an _IOC(...). (NULL is strace's for a null pointer, which trapdoor prints as 0.)
BY_NAME = re.compile(r"(?:[A-Z_][A-Z0-9_]*|0x[0-9a-f]+|\d+<<MAP_HUGE_SHIFT)(?:\|(?:[A-Z_][A-Z0-9_]*|0x[0-9a-f]+|"
                     r"\d+<<MAP_HUGE_SHIFT))*(?: /\* [A-Z_]+\?\?\? \*/)?|_IOC\(.*\)")
MODE = re.compile(r"0[0-7]{2,}")


def by_name(value):
    return value != "NULL" and ((BY_NAME.fullmatch(value) and re.search(r"[A-Z_]{2}", value)) or MODE.fullmatch(value))


DECIMAL = re.compile(r"-?\d+")
# What trapdoor must print for the int $0x80 calls (ADDR: an address, which differs).
INT80_LINES = [
    "mmap2(addr=0, len=8192, prot=PROT_READ|PROT_WRITE, flags=MAP_PRIVATE|MAP_ANONYMOUS, fd=-1, pgoff=0)",
    "mprotect(start=0, len=4096, prot=PROT_READ|0x100)",
    "madvise(start=0, len_in=4096, advice=MADV_DONTNEED)",
    'open(filename=ADDR "/nonexistent-trapdoor-dir/x", flags=O_RDONLY|O_CLOEXEC, mode=000)',
    'openat(dfd=AT_FDCWD, filename=ADDR "/nonexistent-trapdoor-dir/x", flags=O_WRONLY|O_CREAT, mode=0600)',
    'fstatat64(dfd=AT_FDCWD, filename=ADDR "/nonexistent-trapdoor-dir/x", statbuf=ADDR, flag=AT_SYMLINK_NOFOLLOW)',
    "fcntl64(fd=9999, cmd=F_SETFD, arg=FD_CLOEXEC)",
    "ioctl(fd=9999, cmd=TIOCGWINSZ, arg=ADDR)",
    "_llseek(fd=9999, offset_high=0, offset_low=0, result=ADDR, whence=SEEK_CUR)",
    "rt_sigprocmask(how=0x7 /* SIG_??? */, nset=0, oset=0, sigsetsize=8)",
    "rt_sigaction(sig=SIGINT, act=0, oact=ADDR, sigsetsize=8)",
    "clock_gettime(which_clock=CLOCK_MONOTONIC, tp=ADDR)",
    "clock_gettime64(which_clock=CLOCK_BOOTTIME, tp=ADDR)",
    "ugetrlimit(resource=RLIMIT_STACK, rlim=ADDR)",
    "prctl(option=PR_GET_NAME, arg2=ADDR, arg3=0, arg4=0, arg5=0)",
    "getrandom(buf=ADDR, count=8, flags=GRND_NONBLOCK)",
    "futex(uaddr=ADDR, op=FUTEX_WAKE_PRIVATE, val=1, utime=0, uaddr2=0, val3=0)",
    "arch_prctl(option=ARCH_SET_FS, arg2=0)",
]


def split_args(text):
    """Top-level arguments of a call as printed: commas inside "..." [...] {...} (...) /* */ do not split."""
    out, cur, depth, i = [], "", 0, 0
    while i < len(text):
        c = text[i]
        if c == '"':
            m = re.match(r'"(?:[^"\\]|\\.)*"', text[i:])
            cur += m.group(0)
            i += len(m.group(0))
            continue
        if text.startswith("/*", i):
            j = text.index("*/", i) + 2
            cur += text[i:j]
            i = j
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    return out + [cur.strip()] if cur.strip() else out


def region(calls, begin, end):
    """The calls between the write of begin and the write of end, or None if either is missing."""
    marks = [i for i, (name, args, _) in enumerate(calls)
             if name == "write" and any(begin in a or end in a for a in args)]
    if len(marks) < 2:
        return None
    return calls[marks[0] + 1:marks[1]]


def strace_calls(text):
    """[(name, [args], result)] from strace -o's lines."""
    return [(m.group(1), split_args(m.group(2)), m.group(3))
            for m in re.finditer(r"^(\w+)\((.*)\)\s+= (.*)$", text, re.M)]


def trapdoor_calls(text, who):
    """[(name, ["name=value", ...], result)] from the tracer's lines for "[pid comm]" who."""
    return [(m.group(1), split_args(m.group(2)), m.group(3))
            for m in re.finditer(r"^" + re.escape(who) + r" (\w+)\((.*)\) = (.*)$", text, re.M)]


def compare(ours, theirs):
    """Differences between trapdoor's and strace's calls, and how many arguments agreed."""
    problems, agreed = [], 0
    if [c[0] for c in ours] != [c[0] for c in theirs]:
        return [f"not the same calls: trapdoor {[c[0] for c in ours]}, strace {[c[0] for c in theirs]}"], 0
    for (name, mine, _), (_, other, _) in zip(ours, theirs):
        for i, (a, b) in enumerate(zip((arg.split("=", 1)[1] for arg in mine), other)):
            if by_name(a) or by_name(b) or (DECIMAL.fullmatch(a) and DECIMAL.fullmatch(b)):
                if a == b:
                    agreed += 1
                else:
                    problems.append(f"{name} argument {i + 1}: trapdoor {a}, strace {b}")
    return problems, agreed


def build_flags(libc):
    """The path of tests/trace/flags.c built with libc, or why not."""
    compiler = COMPILERS[libc]
    if not shutil.which(compiler[0]):
        return None, f"{compiler[0]} not found ({HINT})"
    out = FLAGS_OUT / f"flags-{libc}"
    if not out.exists() or out.stat().st_mtime < FLAGS_SRC.stat().st_mtime:
        out.parent.mkdir(parents=True, exist_ok=True)
        p = subprocess.run([*compiler, *CFLAGS, "-o", str(out), str(FLAGS_SRC)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            return None, p.stdout
    return out, None


def under_strace(path):
    """strace -o's text for path int80, run on this machine, or None if strace is missing."""
    if not shutil.which("strace"):
        return None
    log = path.with_suffix(".strace")
    subprocess.run(["strace", "-o", str(log), str(path), "int80"], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/", timeout=60)
    return log.read_text()


def implemented(tbl):
    text = (ROOT / "arch" / "x86" / "entry" / "syscalls" / tbl).read_text()
    return {f[2] for f in (l.split("#", 1)[0].split() for l in text.splitlines()) if len(f) == 4}


def flags(t):
    built = {libc: build_flags(libc) for libc in COMPILERS}
    for libc, (_, why) in built.items():
        t.ok(not why, f"tests/trace/flags.c builds with {libc}", why)
    built = {libc: path for libc, (path, _) in built.items() if path}
    if not built:
        return
    items = [item(os.path.relpath(path, ROOT), "int80") for path in built.values()]
    _, out = boot(build_iso("strace-flags", items, cmdline="strace"))
    impl64, impl32 = implemented("syscall_64.tbl"), implemented("syscall_32.tbl")

    for pid, (libc, path) in enumerate(built.items(), 1):
        who = f"[{pid} {path.name}]"
        ours = trapdoor_calls(out, who)
        mine = region(ours, "flags: begin", "flags: end")
        t.ok(mine, f"{libc}: trapdoor traces the calls between flags.c's two marks", tail(out))
        text = under_strace(path)
        t.ok(text is not None, "strace is installed, to compare with", f"strace not found ({HINT})")
        theirs = region(strace_calls(text or ""), "flags: begin", "flags: end")
        t.ok(theirs, f"{libc}: strace on this machine traces the calls between flags.c's two marks", text)
        if mine and theirs:
            problems, agreed = compare(mine, theirs)
            t.ok(not problems and agreed >= 60,
                 f"{libc}: each argument printed by name or in decimal reads as strace prints it "
                 f"({len(mine)} calls, {agreed} arguments)", "\n".join(problems))
            wrong = [f"{name}: {'marked' if '(not implemented)' in result else 'not marked'}"
                     for name, _, result in mine if (name not in impl64) != ("(not implemented)" in result)]
            t.ok(not wrong, f"{libc}: a call marked (not implemented) is exactly one syscall_64.tbl lacks",
                 "\n".join(wrong))

        int80 = region(ours, "int80: begin", "int80: end")
        got = [re.sub(r"\b0x[0-9a-f]{5,}\b", "ADDR", f"{name}({', '.join(v)})") for name, v, _ in int80 or []]
        diff = "\n".join(difflib.unified_diff(INT80_LINES, got, "expected", "trapdoor", lineterm=""))
        t.ok(got == INT80_LINES, f"{libc}: calls through int $0x80 are named by their i386 numbers and decoded",
             diff or tail(out))
        wrong = [f"{name}: {'marked' if '(not implemented)' in result else 'not marked'}"
                 for name, _, result in int80 or [] if (name not in impl32) != ("(not implemented)" in result)]
        t.ok(int80 and not wrong and all(r.endswith("<int80>") for _, _, r in int80),
             f"{libc}: an int $0x80 call marked (not implemented) is exactly one syscall_32.tbl lacks",
             "\n".join(wrong))
        theirs = region(strace_calls(text or ""), "int80: begin", "int80: end")
        if theirs:      # this machine's Linux runs int $0x80 from a 64-bit program
            problems, agreed = compare(int80 or [], theirs)
            t.ok(not problems, f"{libc}: the int $0x80 calls' arguments read as strace prints them "
                 f"({agreed} arguments)", "\n".join(problems))

    # Names Linux has and trapdoor lacks are traced and counted by name too.
    first = next(iter(built.values()))
    _, some = boot(build_iso("strace-flags-summary", [item(os.path.relpath(first, ROOT), "int80")],
                             cmdline="strace=summary,futex,mmap2"))
    warned = [l for l in some.splitlines() if l.startswith("trapdoor: warning:")]
    t.ok(not warned, "strace=futex,mmap2 (calls trapdoor lacks) draws no warning", "\n".join(warned))
    names = [c[0] for c in trapdoor_calls(some, f"[1 {first.name}]")]
    t.ok(names == ["futex", "mmap2", "futex"], "strace=futex,mmap2 traces futex and mmap2, through either entry",
         tail(some))
    rows = {m.group(2): int(m.group(1)) for m in re.finditer(r"^ +(\d+) +\d+ +\d+  (\S+)$", some, re.M)}
    t.ok(rows.get("futex") == 2 and rows.get("rseq", 0) == (1 if "glibc" in first.name else 0)
         and "(unknown)" not in rows, "the summary counts a call trapdoor lacks under its name", tail(some))
