# SPDX-License-Identifier: MIT
"""The entry path must not grow: kernel instructions per getpid() round trip,
through each entry, as scripts/walk.py counts them, may be at most 10 % above
the figure recorded in tests/bench/instructions.json. Instruction counts under
QEMU are exact, so this is not timed and not flaky. After an optimization,
record the new figure (the file says how)."""
import json
import subprocess
import sys
import tempfile

from trapdoor import ROOT, tail

BASELINE = ROOT / "tests" / "bench" / "instructions.json"
SLACK = 1.10


def run(t):
    base = json.loads(BASELINE.read_text())
    with tempfile.TemporaryDirectory(prefix="trapdoor-bench-test.") as tmp:
        p = subprocess.run([sys.executable, str(ROOT / "scripts" / "walk.py"), "--quiet", "--cpu", base["cpu"],
                            "--json", f"{tmp}/walk.json"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60, cwd=ROOT)
        if not t.ok(p.returncode == 0, "scripts/walk.py counts both entries", tail(p.stdout)):
            return
        now = json.load(open(f"{tmp}/walk.json"))["entries"]
    for entry in ("syscall", "int80"):
        was, cur = base[entry]["kernel_instructions"], now[entry]["kernel_instructions"]
        funcs = dict.fromkeys([*base[entry]["per_function"], *now[entry]["per_function"]])
        diag = [f"recorded {was}, now {cur} (limit {int(was * SLACK)}); per function, recorded -> now:"]
        diag += [f"  {f}: {base[entry]['per_function'].get(f, 0)} -> {now[entry]['per_function'].get(f, 0)}"
                 for f in funcs]
        t.ok(cur <= was * SLACK,
             f"{entry}: a getpid round trip takes at most 10 % more kernel instructions than recorded "
             f"({cur} now, {was} recorded)", "\n".join(diag))
