#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make compdb: write compile_commands.json, the compile commands editors read.

  python3 scripts/compdb.py OUT TARGET...       (the Makefile's compdb rule)

The commands come from make itself: "make -n -B TARGET..." prints every
command that would build the targets from scratch, with the variables this
make was given (CC=clang, CROSS_COMPILE=...), and nothing runs. Each command
that runs a C compiler (-c; -S for asm-offsets.c; compile and link in one for
the host tests) becomes one entry per source file: {"directory", "arguments", "file", "output"}, the format clang's
tools read. A file compiled more than once (lib/*.c is built for the kernel,
for user space and for the host tests) has an entry per build, the kernel's
first: tools that keep one take the first.
"""
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
COMPILER = re.compile(r"(^|-)(gcc|cc|clang)(-[0-9.]+)?$")     # gcc, x86_64-elf-gcc, clang-16


def dry_run(targets):
    """The lines make -n -B prints for targets, run at the top of the tree."""
    env = dict(os.environ)
    # A make that runs this script may pass its jobserver's file descriptors,
    # which this child does not inherit; drop them, keep the variables.
    env["MAKEFLAGS"] = re.sub(r"--jobserver-(auth|fds)=\S+", "", env.get("MAKEFLAGS", ""))
    p = subprocess.run(["make", "-n", "-B", "--no-print-directory", *targets], cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"compdb.py: make -n -B {' '.join(targets)} failed:\n{p.stderr}")
    return p.stdout.replace("\\\n", " ").splitlines()   # make prints a recipe's \-newlines as written


def compile_entries(line):
    """Entries for one printed command line, or [] if it compiles no C."""
    entries = []
    for part in line.split("&&"):          # e.g. mkdir -p build/kernel/ && gcc ... -c -o X.o X.c
        try:
            argv = shlex.split(part)
        except ValueError:
            continue
        if not argv or not COMPILER.search(os.path.basename(argv[0])) or "-o" not in argv:
            continue
        output = argv[argv.index("-o") + 1]
        sources = [a for i, a in enumerate(argv)
                   if a.endswith(".c") and not a.startswith("-") and argv[i - 1] not in ("-o", "-include")]
        for src in sources:                 # the host tests compile several files in one command
            args = [a for a in argv if a == src or a not in sources]
            entries.append({"directory": str(ROOT), "arguments": args, "file": src, "output": output})
    return entries


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    out, targets = pathlib.Path(argv[0]), argv[1:]
    entries, seen = [], set()
    for line in dry_run(targets):
        for e in compile_entries(line):
            key = (e["file"], e["output"])
            if key not in seen:
                seen.add(key)
                entries.append(e)
    if not entries:
        sys.exit("compdb.py: make -n printed no compile commands")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(entries, indent=1) + "\n")
    tmp.replace(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
