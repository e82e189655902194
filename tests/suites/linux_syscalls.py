# SPDX-License-Identifier: MIT
"""linux_syscalls: what the tracer knows about Linux agrees with Linux.

- arch/x86/entry/syscalls/linux_64.tsv and linux_32.tsv, Linux's system calls
  as scripts/linux-syscalls.py recorded them: every number and name agrees
  with the unistd headers installed here (unistd_64.h, unistd_32.h, from
  linux-libc-dev, which libc6-dev brings), both ways; and both files are
  exactly what the script makes from Debian's linux-source-6.1, whose
  syscall_*.tbl and SYSCALL_DEFINEs they record. That takes half a minute
  (xz must decompress the whole tarball), so the result is kept in
  build/tests/linux-syscalls/ and made again only when the tarball or the
  script changes.
- trapdoor's own tables, syscall_64.tbl and syscall_32.tbl, give each number
  the name Linux gives it: the tracer prints a call by Linux's name for it.
- scripts/syscallsigs.sh, which turns the two files into the kernel's tables,
  refuses a bad line with the file and line, and leaves no output then.
- kernel/trace_decode.c: every call and argument its decoders[] name is one
  of Linux's (a typo would decode nothing, silently), and every constant it
  prints by name has Linux's value, as the uapi headers installed here say:
  a small C program prints each from the headers.
"""
import difflib
import hashlib
import os
import pathlib
import re
import subprocess
import tempfile

from trapdoor import BUILD, ROOT

DATA = ROOT / "arch" / "x86" / "entry" / "syscalls"
UNISTD = pathlib.Path("/usr/include/x86_64-linux-gnu/asm")
TARBALL = pathlib.Path("/usr/src/linux-source-6.1.tar.xz")
SCRIPT = ROOT / "scripts" / "linux-syscalls.py"
DECODE = ROOT / "kernel" / "trace_decode.c"
CACHE = BUILD / "tests" / "linux-syscalls"
HINT = "sh scripts/install-deps.sh test installs it; make test runs that"

# The uapi headers that define what kernel/trace_decode.c names (and <unistd.h>, for R_OK).
HEADERS = ["stdio.h", "unistd.h", "asm/mman.h", "linux/mman.h", "asm/prctl.h", "linux/prctl.h",
           "asm/fcntl.h", "linux/fcntl.h", "asm/termbits.h", "asm/ioctls.h", "asm/signal.h",
           "linux/time.h", "linux/resource.h", "linux/futex.h", "linux/random.h", "linux/fs.h"]
# Names kernel/trace_decode.c uses that the headers here do not define, and why.
NOT_IN_HEADERS = {
    "ALL": "trapdoor's own: a mask for a name that stands for the whole value",
    "SIGRTMAX": "the headers define it as _NSIG, which only the kernel's own headers define (64)",
    "F_GETLK64": "defined for 32-bit programs only (fcntl64 on i386)",
    "F_SETLK64": "defined for 32-bit programs only",
    "F_SETLKW64": "defined for 32-bit programs only",
}


def read_tsv(path):
    """{number: (name, entry point, arguments)} of one data file."""
    rows = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            nr, name, entry, args = line.split("\t")
            rows[int(nr)] = (name, entry, args)
    return rows


def read_unistd(path):
    """{number: name} from a unistd_*.h: "#define __NR_read 0"."""
    return {int(m.group(2)): m.group(1)
            for m in re.finditer(r"^#define __NR_(\w+)\s+(\d+)\s*$", path.read_text(), re.M)}


# trapdoor's own system calls (indirect, dup_ext): numbers Linux does not use.
OWN_RANGE = range(1000, 1024)


def read_tbl(path):
    """{number: name} of one of trapdoor's .tbl files."""
    rows = {}
    for line in path.read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            rows[int(fields[0])] = fields[2]
    return rows


def arg_names(args):
    """["fd", "buf", "count"] from "unsigned int fd, char *buf, size_t count"."""
    if args in ("-", "void"):
        return []
    return [re.search(r"(\w+)$", a).group(1) for a in args.split(", ")]


def c_int(text):
    text = text.strip()
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    if text.lower().startswith("0x"):
        return sign * int(text, 16)
    return sign * (int(text, 8) if len(text) > 1 and text.startswith("0") else int(text))


def regenerated():
    """The data files as the script makes them from the tarball now: {abi: text}, or why not."""
    if not TARBALL.exists():
        return f"{TARBALL} not found: install Debian's linux-source-6.1 ({HINT})"
    st = TARBALL.stat()
    key = f"{TARBALL} {st.st_size} {st.st_mtime_ns} {hashlib.sha256(SCRIPT.read_bytes()).hexdigest()}\n"
    stamp = CACHE / ".source"
    if not stamp.exists() or stamp.read_text() != key:
        p = subprocess.run(["python3", str(SCRIPT), "--out", str(CACHE), str(TARBALL)], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode != 0:
            return f"scripts/linux-syscalls.py failed:\n{p.stdout}"
        stamp.write_text(key)
    return {abi: (CACHE / f"linux_{abi}.tsv").read_text() for abi in ("64", "32")}


def decoder_names():
    """[(call or None, argument)] named in kernel/trace_decode.c's decoders[]."""
    text = DECODE.read_text()
    table = text[text.index("static const struct decoder decoders[] = {"):]
    table = table[:table.index("};")]
    return [(None if m.group(1) == "NULL" else m.group(1).strip('"'), m.group(2))
            for m in re.finditer(r'\b(?:DECODE|FLAGS_OF|CODE_OF)\((NULL|"\w+"), "(\w+)"', table)]


def decoder_constants():
    """[(NAME, value as written)]: every N(), FIELD() and numeric #define in kernel/trace_decode.c."""
    text = DECODE.read_text()
    found = [(m.group(2), m.group(1))
             for m in re.finditer(r"\b(?:N|FIELD)\(\s*(-?(?:0x[0-9a-fA-F]+|\d+))\s*,\s*(\w+)\b", text)]
    found += [(m.group(1), m.group(2))
              for m in re.finditer(r"^#define\s+([A-Z][A-Z0-9_]*)\s+(-?(?:0x[0-9a-fA-F]+|\d+))\b", text, re.M)]
    return found


def header_values(names):
    """{NAME: value or None (not defined)} from the uapi headers, by compiling a program that prints them."""
    lines = [f"#include <{h}>" for h in HEADERS] + ["int main(void)", "{"]
    for name in names:
        lines += [f"#ifdef {name}", f'\tprintf("{name} %lld\\n", (long long)({name}));',
                  "#else", f'\tprintf("{name} -\\n");', "#endif"]
    lines += ["\treturn 0;", "}"]
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = pathlib.Path(tmp) / "values.c", pathlib.Path(tmp) / "values"
        src.write_text("\n".join(lines) + "\n")
        p = subprocess.run(["gcc", "-o", str(exe), str(src)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        if p.returncode != 0:
            raise RuntimeError(f"the program printing Linux's values does not compile:\n{p.stdout[-3000:]}")
        out = subprocess.run([str(exe)], stdout=subprocess.PIPE, check=True, text=True).stdout
    return {name: None if value == "-" else int(value) for name, value in (l.split() for l in out.splitlines())}


def run(t):
    data = {abi: read_tsv(DATA / f"linux_{abi}.tsv") for abi in ("64", "32")}
    t.ok(len(data["64"]) > 350 and len(data["32"]) > 420,
         f"the data files list Linux's calls ({len(data['64'])} 64-bit, {len(data['32'])} i386)")

    # Against the unistd headers: numbers and names, every one, both ways.
    for abi in ("64", "32"):
        header = UNISTD / f"unistd_{abi}.h"
        if not header.exists():
            t.ok(False, f"unistd_{abi}.h is installed, to check linux_{abi}.tsv against",
                 f"{header} not found: install Debian's libc6-dev ({HINT})")
            continue
        want = read_unistd(header)
        have = {nr: name for nr, (name, _, _) in data[abi].items()}
        newer = {nr: name for nr, name in want.items() if nr > max(have)}     # headers newer than 6.1
        want = {nr: name for nr, name in want.items() if nr <= max(have)}
        diff = [f"{nr}: data {have.get(nr)}, {header.name} {want.get(nr)}" for nr in sorted(set(want) | set(have))
                if have.get(nr) != want.get(nr)]
        t.ok(not diff, f"linux_{abi}.tsv gives every number the name {header.name} gives it, and no other "
             f"({len(have)} calls{'; the headers add ' + str(len(newer)) + ' newer ones' if newer else ''})",
             "\n".join(diff[:40]))

    # Against Linux's source: the script's output now (make check-linux-data).
    fresh = regenerated() if os.environ.get("TRAPDOOR_LINUX_SOURCE_CHECK") == "1" else None
    if fresh is None:
        pass
    elif isinstance(fresh, str):
        t.ok(False, "scripts/linux-syscalls.py runs on linux-source-6.1", fresh)
    else:
        for abi in ("64", "32"):
            have = (DATA / f"linux_{abi}.tsv").read_text()
            t.ok(have == fresh[abi], f"linux_{abi}.tsv is what scripts/linux-syscalls.py makes from "
                 "linux-source-6.1's syscall_*.tbl and SYSCALL_DEFINEs",
                 "\n".join(line for line in difflib.unified_diff(
                     have.splitlines(), fresh[abi].splitlines(), "in the tree", "from the source", lineterm=""))
                 [:3000] + "\n(to refresh: python3 scripts/linux-syscalls.py; then read git diff)")

    # trapdoor's .tbl files use Linux's numbers and names, except in trapdoor's own
    # range (docs/growing.md), which Linux's tables must not reach.
    for abi, tbl in (("64", "syscall_64.tbl"), ("32", "syscall_32.tbl")):
        ours = read_tbl(DATA / tbl)
        wrong = [f"{nr}: {tbl} says {name}, Linux {data[abi].get(nr, ('nothing',))[0]}"
                 for nr, name in sorted(ours.items())
                 if nr not in OWN_RANGE and data[abi].get(nr, (None,))[0] != name]
        t.ok(ours and not wrong, f"every number in {tbl} below {OWN_RANGE.start} has Linux's name for it "
             f"({len(ours)} calls)", "\n".join(wrong))
        taken = [f"{nr}: Linux's {data[abi][nr][0]}" for nr in OWN_RANGE if nr in data[abi]]
        t.ok(not taken and max(data[abi]) < OWN_RANGE.start - 400,
             f"Linux's {abi}-bit table stays 400 numbers below trapdoor's own range "
             f"({OWN_RANGE.start}-{OWN_RANGE.stop - 1}; Linux's highest is {max(data[abi])})", "\n".join(taken))

    # The build-time generator.
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        good = "0\tread\tsys_read\tunsigned int fd, char *buf, size_t count\n2\tgetpid\tsys_getpid\tvoid\n"
        cases = {
            "good": (good, None),
            "unsorted": (good + "1\tclose\tsys_close\tunsigned int fd\n", ":4: number 1 is not greater than 2"),
            "badarg": ("0\tread\tsys_read\tunsigned int fd, char *\n", ':2: argument "char *" is not'),
            "fields": ("0\tread\tsys_read\n", ":2: expected 4 tab-separated fields"),
            "noentry": ("5\tafs\t-\tvoid\n", ':2: arguments "-" go with entry point "-"'),
        }
        for what, (text, error) in cases.items():
            (tmp / "in64.tsv").write_text("# a comment\n" + text)
            (tmp / "in32.tsv").write_text(good)
            out = tmp / f"{what}.c"
            p = subprocess.run(["sh", "scripts/syscallsigs.sh", str(tmp / "in64.tsv"), str(tmp / "in32.tsv"), str(out)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if error is None:
                text = out.read_text() if out.exists() else ""
                t.ok(p.returncode == 0 and '"read(unsigned int fd, char *buf, size_t count)\\0"' in text
                     and "[2] = 47 + 1,\t/* getpid */" in text and text.count('"getpid()\\0"') == 1,
                     "scripts/syscallsigs.sh stores each signature once and indexes it by number", p.stdout + text)
            else:
                t.ok(p.returncode == 1 and "in64.tsv" + error in p.stdout and not out.exists(),
                     f"scripts/syscallsigs.sh refuses a bad file ({what}) with its file and line, and writes nothing",
                     p.stdout)

    # The decoders name Linux's calls and arguments.
    calls = {}
    for abi in ("64", "32"):
        for name, _, args in data[abi].values():
            calls.setdefault(name, set()).update(arg_names(args))
    every_arg = set().union(*calls.values())
    names = decoder_names()
    wrong = [f"{call or '(any call)'}: {arg}" for call, arg in names
             if (call is None and arg not in every_arg) or (call is not None and arg not in calls.get(call, ()))]
    t.ok(len(names) > 50 and not wrong,
         f"each of the {len(names)} decoders in kernel/trace_decode.c names a call and argument Linux has",
         "no such call or argument in linux_*.tsv:\n" + "\n".join(wrong))

    # The decoders' constants have Linux's values.
    constants = decoder_constants()
    try:
        values = header_values(sorted({name for name, _ in constants} - set(NOT_IN_HEADERS)))
    except RuntimeError as e:
        t.ok(False, "the uapi headers compile, to check kernel/trace_decode.c's constants against", str(e))
        return
    wrong = [f"{name}: trapdoor {value}, Linux {values[name]}" for name, value in constants
             if name in values and values[name] is not None and values[name] != c_int(value)]
    missing = sorted({name for name, _ in constants if name in values and values[name] is None})
    t.ok(len(constants) > 300 and not wrong and not missing,
         f"each of the {len(constants)} constants kernel/trace_decode.c prints by name has the value "
         "Linux's uapi headers give it", "\n".join(wrong + [f"{n}: not in the headers" for n in missing]))
    unused = sorted(set(NOT_IN_HEADERS) - {name for name, _ in constants})
    t.ok(not unused, "every name the check leaves out (NOT_IN_HEADERS) is still used", ", ".join(unused))
