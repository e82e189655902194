# SPDX-License-Identifier: MIT
"""The Makefile's own surface: make help is the Makefile's header comment, and
names every target there is and every variable README.md's table has; make
compdb writes build/compile_commands.json with every kernel C file, each
with the very command that built it (recompiled, it gives the same object)."""
import filecmp
import json
import os
import re
import subprocess
import tempfile

from trapdoor import BUILD, ROOT

IGNORED_PHONY = {"FORCE"}        # a prerequisite, not something to run


def make(*args):
    """Run make at the top of the tree as if typed there (not as make test's child)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)


def header():
    """The Makefile's first comment block, without the "# "."""
    lines = []
    for line in (ROOT / "Makefile").read_text().splitlines():
        if not line.startswith("#"):
            break
        lines.append(re.sub(r"^# ?", "", line))
    return lines


def readme_variables():
    """The variable names in README.md's table of variables."""
    text = (ROOT / "README.md").read_text()
    table = re.search(r"^\| variable \| what it does \|\n\|[-|]+\|\n((?:\|.*\n)+)", text, re.M)
    names = set()
    for row in table.group(1).splitlines() if table else []:
        names |= set(re.findall(r"`([A-Z_]+)=", row.split("|")[1]))
    return names


def check_help(t):
    p = make("help")
    t.ok(p.returncode == 0 and p.stdout.splitlines() == header(),
         "make help prints the comment at the top of the Makefile", p.stdout)
    text = p.stdout
    targets = re.findall(r"^  make(?: +([\w-]+))?  ", text, re.M)
    t.ok(len(targets) >= 10, "make help lists the targets", text)
    for target in targets:
        q = make("-n", *([target] if target else []))
        t.ok(q.returncode == 0, f"make help's \"{'make ' + target if target else 'make'}\" is a target make knows",
             q.stdout[-2000:])
    phony = set()
    for m in re.finditer(r"^\.PHONY:(.*)$", (ROOT / "Makefile").read_text(), re.M):
        phony |= set(m.group(1).split())
    named = set(targets) | {"all"}                   # "make" alone builds all
    t.ok(phony - IGNORED_PHONY <= named, "make help names every phony target of the Makefile",
         f"not in make help: {sorted(phony - IGNORED_PHONY - named)}")

    in_help = set(re.findall(r"\b([A-Z][A-Z_]*)=", text))
    in_readme = readme_variables()
    t.ok(in_readme and in_readme <= in_help, "make help names every variable of README.md's table",
         f"README.md's table: {sorted(in_readme)}; missing from make help: {sorted(in_readme - in_help)}")
    readme = (ROOT / "README.md").read_text()
    missing = sorted(v for v in in_help if not re.search(rf"`{v}[`=]", readme))
    t.ok(not missing, "README.md describes every variable make help names", f"not in README.md: {missing}")


def kernel_c_files():
    """Every C file of the kernel in the checkout, by git, not by the Makefile; not the
    experiments' own files (arch/x86/entry/experiments/), which only a VARIANT build compiles."""
    out = subprocess.run(["git", "ls-files", "kernel/*.c", "lib/*.c", "arch/*.c"], cwd=ROOT,
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    return sorted(f for f in out.split() if not f.startswith("arch/x86/entry/experiments/"))


def check_compdb(t):
    p = make("compdb")
    db = BUILD / "compile_commands.json"
    if not t.ok(p.returncode == 0 and db.exists(), "make compdb writes build/compile_commands.json", p.stdout):
        return
    entries = json.loads(db.read_text())
    kernel = {}
    for e in entries:                                # the first entry of a file is the kernel's
        if e["output"].endswith((".o", ".s")) and not e["output"].startswith("build/user/"):
            kernel.setdefault(e["file"], e)
    want = kernel_c_files()
    t.ok(set(want) <= set(kernel), f"it has a kernel compile command for each of the {len(want)} kernel C files",
         f"missing: {sorted(set(want) - set(kernel))}")
    gen = sorted(str(f.relative_to(ROOT)) for f in (BUILD / "gen").glob("*.c"))
    t.ok(gen and set(gen) <= set(kernel), "and for each generated C file in build/gen/", f"missing: {set(gen) - set(kernel)}")
    flags = ["-mcmodel=kernel", "-mno-red-zone", "-mgeneral-regs-only", "-ffreestanding", "-Iinclude"]
    bad = [f for f, e in kernel.items() if not all(x in e["arguments"] for x in flags)]
    t.ok(not bad, "every kernel entry has the kernel's flags (" + " ".join(flags) + ")", bad)
    t.ok(all(e["directory"] == str(ROOT) and os.path.isabs(e["directory"]) for e in entries),
         "every entry runs at the top of the tree", {e["directory"] for e in entries})

    # The strongest check that these are the flags used: each command, rerun,
    # rebuilds the object make built, byte for byte.
    differ = []
    with tempfile.TemporaryDirectory(prefix="trapdoor-compdb.") as tmp:
        for f in want:
            e = kernel.get(f)
            built = ROOT / e["output"] if e else None
            if not built or not built.exists():
                differ.append(f"{f}: no {built}")
                continue
            args = list(e["arguments"])
            args[args.index("-o") + 1] = os.path.join(tmp, "out" + built.suffix)
            r = subprocess.run(args, cwd=e["directory"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if r.returncode != 0 or not filecmp.cmp(args[args.index("-o") + 1], built, shallow=False):
                differ.append(f"{f}: {r.stdout.strip() or 'a different object'}")
    t.ok(not differ, f"each kernel C file's command rebuilds make's object byte for byte ({len(want)} files)",
         "\n".join(differ))


def run(t):
    check_help(t)
    check_compdb(t)
