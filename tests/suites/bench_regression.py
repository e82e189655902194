# SPDX-License-Identifier: MIT
"""The entry path must not grow: kernel instructions per getpid() round trip,
through each entry, as scripts/walk.py counts them, may be at most 10 % above
the figure recorded in tests/bench/instructions.json: SYSCALL and int $0x80
from a 64-bit program here; a 32-bit program's int $0x80, SYSENTER and
SYSCALL32 in tests/suites/walk.py, which walks them anyway (check_recorded
below, each on the CPU model it names and still leaving by the exit
instruction recorded: SYSEXIT, SYSRETL, IRET). Nor may whole programs:
the kernel instructions a static musl hello, glibc hello and busybox echo hi
cost beyond exit0, and exit0's own, as scripts/progwalk.py counts them, may be
at most 10 % above tests/bench/programs.json. Instruction counts under QEMU
are exact (trapdoor has no timer, and nothing on these paths depends on the
TSC or on random numbers), so this is not timed and not flaky. After an
optimization, record the new figures (each file says how)."""
import concurrent.futures
import json
import subprocess
import sys
import tempfile

from trapdoor import ROOT, tail

BASELINE = ROOT / "tests" / "bench" / "instructions.json"
PROGRAMS_BASELINE = ROOT / "tests" / "bench" / "programs.json"
SLACK = 1.10


def run(t):
    # The two measurements boot QEMU each; side by side they take the time of the longer.
    with tempfile.TemporaryDirectory(prefix="trapdoor-bench-test.") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        walked = pool.submit(measure, "walk.py", json.loads(BASELINE.read_text())["cpu"], f"{tmp}/walk.json", 60)
        progs = pool.submit(measure, "progwalk.py", json.loads(PROGRAMS_BASELINE.read_text())["cpu"],
                            f"{tmp}/progwalk.json", 120)
        getpid(t, *walked.result())
        programs(t, *progs.result())


def measure(script, cpu, out, timeout):
    """(scripts/SCRIPT's output, its JSON or None)."""
    extra = ["--no32"] if script == "walk.py" else []      # the 32-bit walks: tests/suites/walk.py
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--quiet", "--cpu", cpu, "--json", out, *extra],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, cwd=ROOT)
    return p.stdout, json.load(open(out)) if p.returncode == 0 else None


def getpid(t, output, result):
    if not t.ok(result, "scripts/walk.py counts both 64-bit entries", tail(output)):
        return
    check_recorded(t, result, [e for e in result["entries"]])


def check_recorded(t, result, entries):
    """Each of entries in result (scripts/walk.py's JSON) against tests/bench/instructions.json."""
    base = json.loads(BASELINE.read_text())
    now = result["entries"]
    for entry in entries:
        if not t.ok(entry in now, f"{entry}: scripts/walk.py walks it", ", ".join(now)):
            continue
        if "exit" in base[entry]:
            t.ok(now[entry]["exit"] == base[entry]["exit"],
                 f"{entry}: a plain getpid still leaves the kernel by {base[entry]['exit']} "
                 f"(-cpu {base[entry]['cpu']})", f"it left by {now[entry]['exit']}")
        was, cur = base[entry]["kernel_instructions"], now[entry]["kernel_instructions"]
        funcs = dict.fromkeys([*base[entry]["per_function"], *now[entry]["per_function"]])
        diag = [f"recorded {was}, now {cur} (limit {int(was * SLACK)}); per function, recorded -> now:"]
        diag += [f"  {f}: {base[entry]['per_function'].get(f, 0)} -> {now[entry]['per_function'].get(f, 0)}"
                 for f in funcs]
        t.ok(cur <= was * SLACK,
             f"{entry}: a getpid round trip takes at most 10 % more kernel instructions than recorded "
             f"({cur} now, {was} recorded)", "\n".join(diag))


def programs(t, output, now):
    base = json.loads(PROGRAMS_BASELINE.read_text())
    if not t.ok(now, "scripts/progwalk.py counts each whole program", tail(output)):
        return
    for key, rec in base["programs"].items():
        prog = now["programs"][key]
        beyond = key != base["base"]
        was = base["beyond_exit0"][key] if beyond else rec["kernel_instructions"]
        cur = now["beyond_exit0"][key] if beyond else prog["kernel_instructions"]
        kinds = dict.fromkeys([*rec["breakdown"], *prog["breakdown"]])
        diag = [f"recorded {was}, now {cur} (limit {int(was * SLACK)}); where they go, recorded -> now "
                f"(whole window, exit included):"]
        diag += [f"  {k}: {rec['breakdown'].get(k, 0)} -> {prog['breakdown'].get(k, {}).get('instructions', 0)}"
                 for k in kinds]
        what = f"{prog['title']} costs beyond exit0" if beyond else "exit0 costs"
        t.ok(cur <= was * SLACK,
             f"{key}: {what} at most 10 % more kernel instructions than recorded ({cur} now, {was} recorded)",
             "\n".join(diag))
