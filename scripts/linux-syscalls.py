#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scripts/linux-syscalls.py - record Linux's system calls for the tracer.

  python3 scripts/linux-syscalls.py [--out DIR] [SOURCE]   write both data files

SOURCE is Linux's source: Debian's linux-source-6.1 tarball (the default,
/usr/src/linux-source-6.1.tar.xz) or a directory holding an unpacked tree.
Reading the tarball takes half a minute: xz must decompress all of it.

It writes arch/x86/entry/syscalls/linux_64.tsv and linux_32.tsv (or the two
files into DIR), which the build turns into the tracer's tables of every
Linux system call (scripts/syscallsigs.sh). They are facts about Linux,
recorded as data: for each slot of Linux's x86 system call tables, the
number, the name, the entry point, and that entry point's arguments as its
SYSCALL_DEFINE (or COMPAT_SYSCALL_DEFINE) declares them. trapdoor's own .tbl files still say
what trapdoor implements; these only name and describe.

  64  arch/x86/entry/syscalls/syscall_64.tbl, abi "common" or "64" (not x32).
  32  syscall_32.tbl, abi "i386". The entry point is the one a 64-bit Linux
      runs for int $0x80: the compat entry point where the line has one
      (compat_sys_open), else the native one (sys_read). Its arguments are
      what a 32-bit program passes, so the compat types say the widths
      (compat_ulong_t, compat_uptr_t).

Where an entry point is defined: SYSCALL_DEFINEn(NAME, ...) defines sys_NAME,
COMPAT_SYSCALL_DEFINEn(NAME, ...) (and SYSCALL32_DEFINEn, which is that on a
kernel with CONFIG_COMPAT) compat_sys_NAME, in the C files of the generic
tree and arch/x86 (not arch/x86/um, which is User-mode Linux; not
mm/nommu.c, for machines without an MMU). An entry point no macro defines
takes its prototype from include/linux/syscalls.h, include/linux/compat.h or
arch/x86/include/asm/syscalls.h, a parameter left unnamed there named by its
place (arg2): only lookup_dcookie's, whose code Linux 6.1 no longer has (its
table line stays, and sys_ni_syscall answers it). The script stops if an
entry point a table uses is found nowhere, or is defined more than once with
different arguments and PICK below does not say which one x86-64 compiles.

Types are written as the tracer reads them: __user and the like are dropped,
spaces normalised ("const char *"). A line with no entry point in Linux's
table (a number Linux reserves, such as afs_syscall) has "-" for arguments.

tests/suites/linux_syscalls.py checks the files against Linux's unistd
headers on every run, and against this script's output when SOURCE is there.
"""
import os
import pathlib
import re
import sys
import tarfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = "/usr/src/linux-source-6.1.tar.xz"
OUT = {abi: ROOT / "arch" / "x86" / "entry" / "syscalls" / f"linux_{abi}.tsv" for abi in ("64", "32")}

TABLES = {"64": "arch/x86/entry/syscalls/syscall_64.tbl", "32": "arch/x86/entry/syscalls/syscall_32.tbl"}
PROTO_HEADERS = ("include/linux/syscalls.h", "include/linux/compat.h", "arch/x86/include/asm/syscalls.h")
# Directories of the tree whose C files are not part of an x86-64 Linux.
SKIP = re.compile(r"^(arch/(?!x86/)|arch/x86/um/|tools/|Documentation/|samples/|scripts/|mm/nommu\.c$)")

# SYSCALL32_DEFINEn is COMPAT_SYSCALL_DEFINEn on a kernel with CONFIG_COMPAT, as x86-64's is.
DEFINE = re.compile(r"^\s*(COMPAT_SYSCALL_|SYSCALL32_|SYSCALL_)DEFINE([0-6])\(\s*(\w+)\s*(.*?)\)\s*$", re.S | re.M)
PROTO = re.compile(r"\basmlinkage\s+long\s+((?:compat_)?sys_\w+)\s*\(([^;]*?)\)\s*;", re.S)
DROP = re.compile(r"\b(__user|__force|__kernel|asmlinkage)\b")


# Where an entry point has several definitions, each under its own #ifdef: the one
# x86-64 Linux compiles, by its argument names, and why.
PICK = {
    "sys_clone": ("clone_flags, newsp, parent_tidptr, child_tidptr, tls",
                  "x86-64 selects none of CONFIG_CLONE_BACKWARDS*, so kernel/fork.c's #else branch"),
    "sys_sigsuspend": ("unused1, unused2, mask", "x86 selects CONFIG_OLD_SIGSUSPEND3"),
}


def clean_type(t):
    t = DROP.sub(" ", t)
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"\s*\*\s*", " *", t)            # "char*" and "char * " -> "char *"
    t = t.replace("* *", "**").replace("* const", "*const").strip()
    return t[len("const "):] if t.startswith("const ") and "*" not in t else t    # const int -> int


def from_define(n, rest):
    """SYSCALL_DEFINEn's "type, name" pairs after the name -> [(type, name)]."""
    rest = re.sub(r"/\*.*?\*/", " ", rest, flags=re.S).strip()
    # A 64-bit argument split in two 32-bit halves, low half first on x86 (include/linux/syscalls.h).
    rest = re.sub(r"\bSC_ARG64\(\s*(\w+)\s*\)", r"u32, \1_lo, u32, \1_hi", rest)
    if int(n) == 0:
        if rest:
            raise ValueError(f"SYSCALL_DEFINE0 with arguments: {rest!r}")
        return []
    if not rest.startswith(","):
        raise ValueError(f"no arguments after the name: {rest!r}")
    parts = [p.strip() for p in rest[1:].split(",")]
    if len(parts) != 2 * int(n):
        raise ValueError(f"SYSCALL_DEFINE{n} with {len(parts)} type and name fields: {rest!r}")
    return [(clean_type(parts[i]), parts[i + 1]) for i in range(0, len(parts), 2)]


def from_prototype(params):
    """A prototype's "type name, type name" -> [(type, name)]. A parameter the
    prototype leaves unnamed ("u32", "char __user *") is named by its place: arg2."""
    params = re.sub(r"/\*.*?\*/", " ", params, flags=re.S).strip()
    if params in ("void", ""):
        return []
    out = []
    for i, p in enumerate(params.split(","), 1):
        p = re.sub(r"\s+", " ", DROP.sub(" ", p)).strip()
        m = re.fullmatch(r"(.*?[\s*])(\w+)", p)
        if not m or not m.group(1).strip() or m.group(2) in ("int", "long", "char", "short"):
            out.append((clean_type(p), f"arg{i}"))
        else:
            out.append((clean_type(m.group(1)), m.group(2)))
    return out


class Source:
    """The files of Linux's tree the tables need, from a tarball or a directory."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        self.files = {}             # path in the tree -> text

    @staticmethod
    def wanted(rel):
        return rel in TABLES.values() or rel in PROTO_HEADERS or (rel.endswith(".c") and not SKIP.match(rel))

    def read(self):
        if self.path.is_dir():
            for dirpath, dirnames, filenames in os.walk(self.path):
                dirnames.sort()
                for f in sorted(filenames):
                    full = pathlib.Path(dirpath) / f
                    rel = full.relative_to(self.path).as_posix()
                    if self.wanted(rel):
                        self.keep(rel, full.read_bytes())
        else:
            with tarfile.open(self.path, mode="r|*") as tar:
                for m in tar:
                    if not m.isfile():
                        continue
                    rel = m.name.split("/", 1)[1] if "/" in m.name else m.name
                    if self.wanted(rel):
                        self.keep(rel, tar.extractfile(m).read())
        missing = [t for t in (*TABLES.values(), *PROTO_HEADERS) if t not in self.files]
        if missing:
            sys.exit(f"scripts/linux-syscalls.py: {self.path} has no {', '.join(missing)}: is it Linux's source?")
        return self

    def keep(self, rel, data):
        if rel.endswith(".c") and b"SYSCALL_DEFINE" not in data:
            return
        self.files[rel] = data.decode("utf-8", "replace")


def definitions(src):
    """{entry point: [(args or an error, where)]}: the DEFINE macros, then the prototypes
    of the entry points no macro defines. A definition that cannot be read is an error
    only if a table uses it (compat_arg_u64_dual(), for example, is not x86's)."""
    defs = {}
    for rel, text in sorted(src.files.items()):
        if not rel.endswith(".c"):
            continue
        for m in DEFINE.finditer(text):
            entry = ("sys_" if m.group(1) == "SYSCALL_" else "compat_sys_") + m.group(3)
            where = f"{rel}:{text.count(chr(10), 0, m.start()) + 1}"
            try:
                args = from_define(m.group(2), m.group(4))
            except ValueError as e:
                args = e
            if all(a != args for a, _ in defs.get(entry, [])):
                defs.setdefault(entry, []).append((args, where))
    for rel in PROTO_HEADERS:
        for m in PROTO.finditer(src.files[rel]):
            if m.group(1) not in defs:
                where = f"{rel}:{src.files[rel].count(chr(10), 0, m.start()) + 1}"
                defs[m.group(1)] = [(from_prototype(m.group(2)), where)]
    return defs


def resolve(entry, found):
    """The arguments of entry from its definitions, or raise ValueError saying why not."""
    if not found:
        raise ValueError(f"{entry} is defined nowhere")
    if len(found) > 1:
        names, why = PICK.get(entry, (None, None))
        chosen = [(a, w) for a, w in found if not isinstance(a, Exception) and ", ".join(n for _, n in a) == names]
        if len(chosen) != 1:
            raise ValueError(f"{entry} is defined {len(found)} times with other arguments, at "
                             + ", ".join(w for _, w in found) + ": say which in PICK")
        found = chosen
    args, where = found[0]
    if isinstance(args, Exception):
        raise ValueError(f"{where}: {entry}: {args}")
    return args


def table(src, abi, defs):
    """[(number, name, entry, args or None)] for one ABI, and the problems found."""
    rows, problems = [], []
    text = src.files[TABLES[abi]]
    for lineno, line in enumerate(text.splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        nr, kind, name = int(fields[0]), fields[1], fields[2]
        if (abi == "64" and kind not in ("common", "64")) or (abi == "32" and kind != "i386"):
            continue
        entries = fields[3:]
        if not entries:
            rows.append((nr, name, "-", None))
            continue
        entry = entries[1] if abi == "32" and len(entries) > 1 else entries[0]
        try:
            rows.append((nr, name, entry, resolve(entry, defs.get(entry))))
        except ValueError as e:
            problems.append(f"{TABLES[abi]}:{lineno}: {e}")
    return rows, problems


def render(abi, rows):
    what = ("x86-64 (SYSCALL) system calls: syscall_64.tbl, abi common and 64" if abi == "64" else
            "i386 (int $0x80) system calls: syscall_32.tbl, with the entry points a 64-bit kernel runs")
    out = [f"# Linux 6.1's {what}.",
           "# Generated by scripts/linux-syscalls.py from Debian's linux-source-6.1: do not edit.",
           "# The tracer names and describes every call with it; the .tbl files say what is implemented.",
           "# <number>\t<name>\t<entry point>\t<arguments: \"type name, ...\", \"void\", or \"-\" if Linux has no entry point>"]
    for nr, name, entry, args in rows:
        if args is None:
            a = "-"
        elif not args:
            a = "void"
        else:
            a = ", ".join(f"{t}{'' if t.endswith('*') else ' '}{n}" for t, n in args)
        out.append(f"{nr}\t{name}\t{entry}\t{a}")
    return "\n".join(out) + "\n"


def generate(source):
    src = Source(source).read()
    defs = definitions(src)
    texts, problems = {}, []
    for abi in ("64", "32"):
        rows, more = table(src, abi, defs)
        problems += more
        texts[abi] = render(abi, rows)
    if problems:
        sys.exit("scripts/linux-syscalls.py:\n  " + "\n  ".join(problems))
    return texts


def main(argv):
    out = OUT
    if argv[:1] == ["--out"] and len(argv) >= 2:
        out = {abi: pathlib.Path(argv[1]) / path.name for abi, path in OUT.items()}
        argv = argv[2:]
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        sys.exit(__doc__.split("\n\n")[1])
    texts = generate(argv[0] if argv else DEFAULT_SOURCE)
    for abi, path in out.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[abi])
        calls = sum(1 for line in texts[abi].splitlines() if not line.startswith("#"))
        print(f"  GEN     {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({calls} calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
