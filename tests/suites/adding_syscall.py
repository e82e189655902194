# SPDX-License-Identifier: MIT
"""adding_syscall: docs/adding-a-syscall.md works when followed to the letter,
and leaves a tree whose make test passes.

The recipe's code blocks say what to do with them in their info string, after
the language name (the recipe's own table explains it to readers):

    ```c file=PATH append          add the block at the end of PATH
    ```text file=PATH sorted       add each line to the .tbl PATH in number order
    ```c file=PATH before="TEXT"   insert above the first line of PATH holding TEXT
    ```c file=PATH after="TEXT"    insert below the first line of PATH holding TEXT
    ```sh run                      run the commands (sh -e) from the top of the tree
    ```text expect                 lines the last run block must print; the number
                                   after "ok" and hexadecimal numbers may differ

What the suite does depends on the tree it finds:

- The recipe not applied (the project's own tree): copy the working tree (git
  ls-files: tracked and new files, no build/) into a temporary directory, apply
  every block in the order of the page, run the run blocks there with make -j2
  (so the copy has its own build/), and check the output of the run block the
  expect block follows: the expect lines, no failed check, and the new call
  traced through both entries (SYSCALL and int $0x80). So that run block must
  boot init with the tracer on for the new call (CMDLINE=strace=NAME). Then
  check what a learner who followed the recipe ends with: git diff
  tests/golden/ is what the recipe says it is (every added line names the new
  call; the only removed lines are the table slots it fills), and in the copy
  the suites whose outcome the recipe changes pass: adding_syscall (which there
  finds the recipe applied), unit (the generator's golden files), docs (the
  kernel's size), and trace (the recipe's last run block refreshes it).
- The recipe applied (a learner followed it in this tree): every block is in
  place. Boot this tree's init as that run block does and check the same
  output. Following the recipe a second time would only find the call there.
- Some blocks in place and others not: that fails, and says which.
"""
import difflib
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import tempfile
import time

from trapdoor import ROOT, boot, build_iso, program, tail

DOC = ROOT / "docs" / "adding-a-syscall.md"
FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")
# The suites to run in the copy after the recipe: those whose outcome it changes.
# (trace is run by the recipe itself, which refreshes its golden copy.)
SUITES_AFTER = ("adding_syscall", "docs", "unit")


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


def file_lines(path):
    lines = path.read_text().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def apply(block, root):
    """Apply one file block to the tree at root; returns None or what went wrong."""
    path = root / block.file
    if not path.is_file():
        return f"{block}: {block.file} does not exist"
    lines = file_lines(path)
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


def applied(block, root):
    """Is the block already in the tree at root, as a learner who copied it would
    have left it? Blank lines and the amount of white space do not count."""
    path = root / block.file
    if not path.is_file():
        return False
    lines = file_lines(path)
    if block.action == "sorted":
        have = {tuple(l.split("#", 1)[0].split()) for l in lines}
        return all(tuple(e.split()) in have for e in block.text.split("\n") if e.strip())
    want = [" ".join(l.split()) for l in block.text.split("\n") if l.strip()]
    have = [" ".join(l.split()) for l in lines if l.strip()]
    return any(have[i:i + len(want)] == want for i in range(len(have) - len(want) + 1))


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


# What a learner's tree has built already: the kernel's objects and generated
# files, the user programs, the ISO's inputs. Copied with their times, so make in
# the copy rebuilds what the recipe changes and no more, as in the learner's tree
# (the big test products, Linux's packages and the variants' builds stay behind).
BUILT = ["arch", "boot", "kernel", "lib", "gen", "user", "trapdoor.elf", ".deps-ok", ".test-deps-ok"]


def copy_build(dest):
    for name in BUILT:
        src = ROOT / "build" / name
        if src.is_dir():
            shutil.copytree(src, dest / "build" / name, copy_function=shutil.copy2, symlinks=True)
        elif src.exists():
            (dest / "build").mkdir(exist_ok=True)
            shutil.copy2(src, dest / "build" / name)


def goldens(root):
    """{path under tests/golden/: its lines}."""
    base = root / "tests" / "golden"
    return {str(p.relative_to(root)): file_lines(p) for p in sorted(base.rglob("*")) if p.is_file()}


def golden_diff_problems(before, after, name, numbers):
    """What in the diff of the golden files contradicts the recipe's account of it:
    every added line names the new call, and a removed line is only ever one of the
    table slots the recipe fills (slot [N], which held sys_ni_syscall or NULL)."""
    problems, shown = [], []
    slot = re.compile(r"^\s*\[(\d+)\] = ")
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, []), after.get(path, [])
        diff = list(difflib.unified_diff(old, new, path, path, lineterm="", n=0))
        shown += diff
        for line in diff[2:]:
            if line.startswith("+") and not re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", line):
                problems.append(f"{path}: adds a line that does not name {name}: {line[1:]}")
            if line.startswith("-") and not (slot.match(line[1:]) and int(slot.match(line[1:]).group(1)) in numbers):
                problems.append(f"{path}: removes a line that is not a slot {sorted(numbers)} fills: {line[1:]}")
    return problems, shown


def run_blocks(t, steps, root, env, on_file):
    """Walk the recipe at root: on_file(block) for each file block (None or a problem),
    run blocks run for real, expect blocks checked. Returns the output the expect
    block was checked against, or None if a step failed."""
    out = checked = None
    for step in steps:
        if step.file:
            problem = on_file(step)
            if not t.ok(problem is None, f"{step} applies to a copy of the tree", problem):
                return None
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
                return None
        elif step.action == "expect":
            checked = check_output(t, step, out, f"the output shows every line of the expect block at "
                                                 f"{DOC.name}:{step.line}")
    return checked


def check_output(t, expect, out, what):
    missing = [l for l in expect.text.split("\n") if l.strip() and not expect_pattern(l).search(out or "")]
    t.ok(not missing, what, "missing:\n" + "\n".join(missing) + "\n--- output (end):\n" + tail(out or "", 40))
    return out or ""


def check_boot(t, out, name, where):
    failed = re.findall(r"^not ok \d+ - .*$", out, re.M)
    t.ok("\nok " in out and not failed, f"init reports no failed check {where}", "\n".join(failed) or tail(out))
    traced = re.findall(rf"^\[\d+ \w+\] {re.escape(name)}\(.*$", out, re.M)
    t.ok([l for l in traced if not l.endswith("<int80>")] and [l for l in traced if l.endswith("<int80>")],
         f"the tracer shows {name} called through SYSCALL and through int $0x80 {where}",
         "\n".join(traced) or tail(out))


def run(t):
    steps = blocks(DOC.read_text())
    edits = [b for b in steps if b.file]
    runs = [b for b in steps if b.action == "run"]
    expects = [b for b in steps if b.action == "expect"]
    if not t.ok(edits and runs and expects, f"{DOC.name} has file edits, run blocks and an expect block",
                "\n".join(map(str, steps))):
        return
    new_calls = [(b.file, l.split()[2], int(l.split()[0]))
                 for b in edits if b.action == "sorted" for l in b.text.split("\n") if l.strip()]
    if not t.ok(new_calls, "the recipe adds a line to a system call table", "no sorted .tbl block"):
        return
    name, numbers = new_calls[0][1], {number for _, _, number in new_calls}
    booting = [b for b in runs if b.line < expects[-1].line][-1:]
    cmdline = re.search(r"\bCMDLINE=(\S+)", booting[0].text) if booting else None
    if not t.ok(cmdline and cmdline.group(1) == f"strace={name}",
                f"the run block before the expect block boots init with CMDLINE=strace={name}",
                booting[0].text if booting else "no run block before the expect block"):
        return

    done = [b for b in edits if applied(b, ROOT)]
    if done and len(done) < len(edits):
        t.ok(False, "the tree has all of the recipe or none of it",
             "in place:\n  " + "\n  ".join(map(str, done)) + "\nnot in place:\n  "
             + "\n  ".join(str(b) for b in edits if b not in done)
             + f"\nFinish the recipe, or undo it (git checkout -- FILES). If the kernel gained {name} "
               "some other way, choose another call for the recipe.")
        return
    if done:
        # A learner followed the recipe in this tree: check the result, as the copy would.
        _, out = boot(build_iso("adding-syscall", [program("init")], cmdline=cmdline.group(1)))
        where = f"in this tree, which has the recipe applied ({name})"
        check_output(t, expects[-1], out, f"booted as {DOC.name}:{booting[0].line} does, {where}, "
                                          f"init prints every line of the expect block")
        check_boot(t, out, name, where)
        return

    env = dict(os.environ, MAKEFLAGS="-j2", ACCEL="tcg")
    for var in ("MAKELEVEL", "MFLAGS", "CMDLINE", "PROGRAMS", "QEMU_FLAGS", "BUILD", "GEN", "V",
                "TRAPDOOR_UPDATE_GOLDEN"):
        env.pop(var, None)

    with tempfile.TemporaryDirectory(prefix="trapdoor-recipe.") as tmp:
        root = pathlib.Path(tmp)
        copy_tree(root)
        copy_build(root)
        before = goldens(root)
        out = run_blocks(t, steps, root, env, lambda block: apply(block, root))
        if out is None:
            return
        check_boot(t, out, name, "after the recipe")

        # What the learner ends with.
        problems, diff = golden_diff_problems(before, goldens(root), name, numbers)
        t.ok(diff and not problems,
             f"after the recipe, git diff tests/golden/ shows {name} and nothing else, as the recipe says",
             "\n".join(problems) + "\n--- the diff:\n" + "\n".join(diff[:60]))
        unplaced = [str(b) for b in edits if not applied(b, root)]
        t.ok(not unplaced, "in the copy, every block of the recipe is found in place (a learner's tree "
                           "is recognised)", "\n".join(unplaced))
        start = time.monotonic()
        p = subprocess.run(["sh", "-ec", f"make -s unit-tests\npython3 tests/run_tests.py {' '.join(SUITES_AFTER)}"],
                           cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=300)
        report = p.stdout.decode("utf-8", "replace")
        t.ok(p.returncode == 0 and re.search(r"^\d+ passed, 0 failed$", report, re.M),
             f"in the copy, after the recipe, the suites it touches pass: {', '.join(SUITES_AFTER)} "
             f"({time.monotonic() - start:.1f} s)",
             "\n".join(l for l in report.split("\n") if l.startswith(("not ok", "#   "))) + "\n" + tail(report, 5))
