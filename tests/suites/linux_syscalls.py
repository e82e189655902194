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
  the name Linux gives it.
"""
import difflib
import hashlib
import pathlib
import re
import subprocess

from trapdoor import BUILD, ROOT

DATA = ROOT / "arch" / "x86" / "entry" / "syscalls"
UNISTD = pathlib.Path("/usr/include/x86_64-linux-gnu/asm")
TARBALL = pathlib.Path("/usr/src/linux-source-6.1.tar.xz")
SCRIPT = ROOT / "scripts" / "linux-syscalls.py"
CACHE = BUILD / "tests" / "linux-syscalls"
HINT = "sh scripts/install-deps.sh test installs it; make test runs that"

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


def read_tbl(path):
    """{number: name} of one of trapdoor's .tbl files."""
    rows = {}
    for line in path.read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            rows[int(fields[0])] = fields[2]
    return rows


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

    # Against Linux's source: the script's output now.
    fresh = regenerated()
    if isinstance(fresh, str):
        t.ok(False, "scripts/linux-syscalls.py runs on linux-source-6.1", fresh)
    else:
        for abi in ("64", "32"):
            have = (DATA / f"linux_{abi}.tsv").read_text()
            t.ok(have == fresh[abi], f"linux_{abi}.tsv is what scripts/linux-syscalls.py makes from "
                 "linux-source-6.1's syscall_*.tbl and SYSCALL_DEFINEs",
                 "\n".join(line for line in difflib.unified_diff(
                     have.splitlines(), fresh[abi].splitlines(), "in the tree", "from the source", lineterm=""))
                 [:3000] + "\n(to refresh: python3 scripts/linux-syscalls.py; then read git diff)")

    # trapdoor's .tbl files use Linux's numbers and names.
    for abi, tbl in (("64", "syscall_64.tbl"), ("32", "syscall_32.tbl")):
        ours = read_tbl(DATA / tbl)
        wrong = [f"{nr}: {tbl} says {name}, Linux {data[abi].get(nr, ('nothing',))[0]}"
                 for nr, name in sorted(ours.items()) if data[abi].get(nr, (None,))[0] != name]
        t.ok(ours and not wrong, f"every number in {tbl} has Linux's name for it ({len(ours)} calls)", "\n".join(wrong))
