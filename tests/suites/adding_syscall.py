# SPDX-License-Identifier: MIT
"""adding_syscall: docs/adding-a-syscall.md works when followed to the letter.

The recipe's code blocks say what to do with them in their info string, after
the language name (the recipe's own table explains it to readers):

    ```c file=PATH append          add the block at the end of PATH
    ```text file=PATH sorted       add each line to the .tbl PATH in number order
    ```c file=PATH before="TEXT"   insert above the first line of PATH holding TEXT
    ```c file=PATH after="TEXT"    insert below the first line of PATH holding TEXT
    ```sh run                      run the commands (sh -e) from the top of the tree
    ```text expect                 lines the last run block must print; the number
                                   after "ok" and hexadecimal numbers may differ

This suite copies the working tree (git ls-files: tracked and new files, no
build/) into a temporary directory, applies every block in the order of the
page, runs the run blocks there with make -j2 (so the copy has its own build/),
and checks the output: the expect lines, no failed check, and the new call
traced through both entries (SYSCALL and int $0x80). So the recipe's last run
block must boot init with the tracer on for the new call (CMDLINE=strace=NAME).
"""
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import tempfile
import time

from trapdoor import ROOT, tail

DOC = ROOT / "docs" / "adding-a-syscall.md"
FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


class Block:
    def __init__(self, line, lang, words, text):
        self.line, self.lang, self.text = line, lang, text
        self.file = None
        self.action = None          # append, sorted, before, after, run, expect
        self.where = None           # TEXT of before/after
        for w in words:
            key, _, value = w.partition("=")
            if key == "file":
                self.file = value
            elif key in ("before", "after"):
                self.action, self.where = key, value
            elif key in ("append", "sorted", "run", "expect") and not value:
                self.action = key
            else:
                raise ValueError(f"{DOC.name}:{line}: unknown word {w!r} in the block's info string")

    def __str__(self):
        if self.action in ("run", "expect"):
            return f"{DOC.name}:{self.line} ({self.action})"
        what = f'{self.action}="{self.where}"' if self.where is not None else self.action
        return f"{DOC.name}:{self.line} (file={self.file} {what})"


def blocks(text):
    """Every fenced block whose info string has more than a language name."""
    found, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info, start = m.group(1), m.group(2).strip(), i + 1
        j = start
        while j < len(lines) and not lines[j].startswith(fence):
            j += 1
        words = shlex.split(info)
        if len(words) > 1:
            found.append(Block(i + 1, words[0], words[1:], "\n".join(lines[start:j])))
        i = j + 1
    return found


def tbl_entries(lines):
    """{number: (index, name)} for the table lines of a .tbl file."""
    entries = {}
    for i, line in enumerate(lines):
        fields = line.split("#", 1)[0].split()
        if fields and fields[0].isdigit():
            entries[int(fields[0])] = (i, fields[2] if len(fields) > 2 else "")
    return entries


def apply(block, root):
    """Apply one file block to the tree at root; returns None or what went wrong."""
    path = root / block.file
    if not path.is_file():
        return f"{block}: {block.file} does not exist"
    old = path.read_text()
    lines = old.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    new = block.text.split("\n")
    if block.action == "append":
        lines += new
    elif block.action == "sorted":
        for entry in [l for l in new if l.strip()]:
            number, name = int(entry.split()[0]), entry.split()[2]
            have = tbl_entries(lines)
            if number in have or name in [n for _, n in have.values()]:
                return f"{block}: {block.file} already has number {number} or name {name}"
            later = [i for n, (i, _) in have.items() if n > number]
            lines.insert(min(later) if later else len(lines), entry)
    elif block.action in ("before", "after"):
        hits = [i for i, l in enumerate(lines) if block.where in l]
        if not hits:
            return f'{block}: no line of {block.file} contains "{block.where}"'
        at = hits[0] + (block.action == "after")
        lines[at:at] = new
    else:
        return f"{block}: a block with file= needs append, sorted, before= or after="
    path.write_text("\n".join(lines) + "\n")
    return None


def expect_pattern(line):
    """A regex for one expect line: TAP numbers and hexadecimal numbers may differ."""
    pattern = re.escape(line)
    pattern = re.sub(r"^((?:not\\ )?ok\\ )\d+", r"\1\\d+", pattern)
    pattern = re.sub(r"0x[0-9a-f]+", "0x[0-9a-f]+", pattern)
    return re.compile("^" + pattern + "$", re.M)


def copy_tree(dest):
    """The working tree as git sees it (tracked and untracked, not ignored) into dest."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, stdout=subprocess.PIPE, check=True).stdout.decode().split("\0")
    for name in filter(None, names):
        src = ROOT / name
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(src, dest / name)
        except (FileNotFoundError, IsADirectoryError):
            pass                        # deleted in the working tree since git listed it


def run(t):
    steps = blocks(DOC.read_text())
    edits = [b for b in steps if b.file]
    runs = [b for b in steps if b.action == "run"]
    expects = [b for b in steps if b.action == "expect"]
    if not t.ok(edits and runs and expects, f"{DOC.name} has file edits, run blocks and an expect block",
                "\n".join(map(str, steps))):
        return
    new_calls = [(b.file, l.split()[2]) for b in edits if b.action == "sorted" for l in b.text.split("\n") if l.strip()]
    name = new_calls[0][1] if new_calls else None
    clash = [f"{f} already has {n}" for f, n in new_calls if n in [x for _, x in tbl_entries(
        (ROOT / f).read_text().split("\n")).values()]]
    t.ok(name and not clash, "the recipe adds a system call the tree does not have yet",
         "\n".join(clash) + "\nThe kernel now has the recipe's call: choose another one for the recipe." if clash
         else "the recipe has no sorted .tbl block")

    env = dict(os.environ, MAKEFLAGS="-j2", ACCEL="tcg")
    for var in ("MAKELEVEL", "MFLAGS", "CMDLINE", "PROGRAMS", "QEMU_FLAGS", "BUILD", "GEN", "V"):
        env.pop(var, None)

    with tempfile.TemporaryDirectory(prefix="trapdoor-recipe.") as tmp:
        root = pathlib.Path(tmp)
        copy_tree(root)
        out = ""
        for step in steps:
            if step.file:
                problem = apply(step, root)
                if not t.ok(problem is None, f"{step} applies to a copy of the tree", problem):
                    return
            elif step.action == "run":
                start = time.monotonic()
                try:
                    p = subprocess.run(["sh", "-ec", step.text], cwd=root, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180)
                    status, out = p.returncode, p.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
                except subprocess.TimeoutExpired as e:
                    status, out = None, (e.stdout or b"").decode("utf-8", "replace")
                command = " && ".join(l for l in step.text.split("\n") if l.strip())
                if not t.ok(status == 0, f"`{command}` succeeds in the copy ({time.monotonic() - start:.1f} s)",
                            f"exit status {status}\n{tail(out, 40)}"):
                    return
            elif step.action == "expect":
                missing = [l for l in step.text.split("\n") if l.strip() and not expect_pattern(l).search(out)]
                t.ok(not missing, f"the output shows every line of the expect block at {DOC.name}:{step.line}",
                     "missing:\n" + "\n".join(missing) + "\n--- output (end):\n" + tail(out, 40))

        failed = re.findall(r"^not ok \d+ - .*$", out, re.M)
        t.ok("\nok " in out and not failed, "init reports no failed check after the recipe",
             "\n".join(failed) or tail(out))
        traced = re.findall(rf"^\[\d+ \w+\] {re.escape(name or '?')}\(.*$", out, re.M)
        t.ok([l for l in traced if not l.endswith("<int80>")] and [l for l in traced if l.endswith("<int80>")],
             f"the tracer shows {name} called through SYSCALL and through int $0x80",
             "\n".join(traced) or tail(out))
