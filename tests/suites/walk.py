# SPDX-License-Identifier: MIT
"""make walk (scripts/walk.py): one getpid through each entry, instruction by
instruction. Its printout must follow the path docs/anatomy.md describes
(entry, dispatcher, wrapper, back through the entry), in order, and
its count must match two recounts: the instruction lines it printed, and the
-icount measurement of build/user/bench.elf (the TSC counting instructions)."""
import json
import re
import subprocess
import sys
import tempfile

from trapdoor import ROOT, boot, build_iso, program, tail

# entry -> the functions the walk must pass through, in this order, then user space
PATHS = {
    "syscall": ["entry_SYSCALL_64", "do_syscall_64", "__x64_sys_getpid", "entry_SYSCALL_64"],
    "int80": ["entry_INT80_compat", "do_int80_syscall_32", "__ia32_sys_getpid", "ret_to_user_iret"],
}
BENCH_LOOP_USER = 4     # user/bench_asm.asm: mov, syscall or int 0x80, dec, jnz


def sections(out):
    """{entry: [(ring, function), ...], total} from the printed walk."""
    found = {}
    for m in re.finditer(r"^(\w+): getpid\(\) through .*?\n(.*?)^  total: (\d+) kernel instructions",
                         out, re.M | re.S):
        rows = re.findall(r"^  (user|kernel) +([\w.]+)\+0x[0-9a-f]+ ", m.group(2), re.M)
        found[m.group(1)] = (rows, int(m.group(3)))
    return found


def in_order(names, wanted):
    """True if wanted is a subsequence of names."""
    it = iter(names)
    return all(w in it for w in wanted)


def run(t):
    with tempfile.TemporaryDirectory(prefix="trapdoor-walk-test.") as tmp:
        p = subprocess.run([sys.executable, str(ROOT / "scripts" / "walk.py"), "--json", f"{tmp}/walk.json"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60, cwd=ROOT)
        if not t.ok(p.returncode == 0, "scripts/walk.py runs to its end", tail(p.stdout)):
            return
        walk = json.load(open(f"{tmp}/walk.json"))
    printed = sections(p.stdout)

    status, out = boot(build_iso("walk-icount", [program("bench", "instructions")]), qemu_flags=("-icount", "shift=0"),
                       timeout=90)
    ticks = {(e, int(n)): int(v) for e, n, v in
             re.findall(r"^bench: (\w+) rdtsc (\d+) calls (\d+) ticks$", out, re.M)}

    for entry, wanted in PATHS.items():
        if not t.ok(entry in printed, f"{entry}: the walk prints a section ending in a total", tail(p.stdout)):
            continue
        rows, total = printed[entry]
        kernel = [f for ring, f in rows if ring == "kernel"]
        # the functions in the order they run, each run of one function collapsed
        runs = [f for i, f in enumerate(kernel) if i == 0 or kernel[i - 1] != f]
        t.ok(rows[0][0] == "user" and rows[-1][0] == "user" and all(r == "kernel" for r, _ in rows[1:-1]),
             f"{entry}: the walk goes from the user's entry instruction through the kernel back to user",
             "\n".join(f"{r} {f}" for r, f in rows[:3] + rows[-3:]))
        t.ok(runs and runs[0] == wanted[0] and runs[-1] == wanted[-1] and in_order(runs, wanted),
             f"{entry}: the walk names " + " -> ".join(wanted) + " -> user, in that order",
             " -> ".join(runs))
        t.ok(total == len(kernel), f"{entry}: the printed total equals the kernel instructions printed",
             f"total {total}, {len(kernel)} lines")
        t.ok(sum(walk["entries"][entry]["per_function"].values()) == total,
             f"{entry}: the per-function counts add up to the total", walk["entries"][entry]["per_function"])
        small, big = sorted(n for e, n in ticks if e == entry and n < 100000)[:2] or (None, None)
        icount = (ticks[(entry, big)] - ticks[(entry, small)]) / (big - small) - BENCH_LOOP_USER \
            if small else None
        t.ok(icount == total, f"{entry}: the walk's total equals the -icount count (TSC = instructions)",
             f"walk {total}, -icount {icount}\n{tail(out, 10)}")
