# SPDX-License-Identifier: MIT
"""make walk (scripts/walk.py): one getpid through each entry, instruction by
instruction. Its printout must follow the path docs/anatomy.md describes
(entry, dispatcher, wrapper, back through the entry), in order, and
its count must match two recounts: the instruction lines it printed, and the
-icount measurement of build/user/bench.elf (the TSC counting instructions).

Its reading of QEMU's log is checked first, without QEMU, on log excerpts that
hold what a run only sometimes holds: a block QEMU logged, stopped before it ran
and logged again when it did run (once in some 30 walks), and a rep string
instruction, which logs each iteration at the same address."""
import json
import re
import subprocess
import sys
import tempfile

from trapdoor import ROOT, boot, build_iso, program, tail

sys.path.insert(0, str(ROOT / "scripts"))
import walk as walk_py  # noqa: E402  (scripts/walk.py)

# entry -> the functions the walk must pass through, in this order, then user space
PATHS = {
    "syscall": ["entry_SYSCALL_64", "do_syscall_64", "__x64_sys_getpid", "entry_SYSCALL_64"],
    "int80": ["entry_INT80_compat", "do_syscall_32", "__ia32_sys_getpid", "ret_to_user_iret"],
}
BENCH_LOOP_USER = 4     # user/bench_asm.asm: mov, syscall or int 0x80, dec, jnz
SIGNAL_USER = 11        # its signal loop: 8 instructions, the handler's ret, the restorer's mov and syscall


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


# A real excerpt of a walk's log (QEMU 7.2, "log exec,nochain", singlestep): the block
# at ffffffff8010e2f8 is logged, stopped before its first instruction, and logged again.
REAL_EXCERPT = """\
Trace 0: 0x7fb5b8734ac0 [0000000000000000/ffffffff8010e2f5/08c0c2b0/ff000201] 
Trace 0: 0x7fb5b8734c00 [0000000000000000/ffffffff8010e2f8/08c0c2b0/ff000201] 
Stopped execution of TB chain before 0x7fb5b8734c00 [ffffffff8010e2f8] 
Trace 0: 0x7fb5b8734c00 [0000000000000000/ffffffff8010e2f8/08c0c2b0/ff000201] 
Trace 0: 0x7fb5b8734d40 [0000000000000000/ffffffff8010e2fb/08c0c2b0/ff000201] 
"""

# A made-up round trip in the same format: the log starts with the stop of a block
# logged before logging began; the second kernel instruction is stopped and logged
# twice; a rep stosb runs 3 iterations, the second of them stopped once before it ran.
USER, K = 0x401000, 0xffffffff80100000
SYNTHETIC_INSNS = {
    USER: ("walk_getpid_syscall", 0, "syscall"),
    K: ("entry_SYSCALL_64", 0, "swapgs"),
    K + 3: ("entry_SYSCALL_64", 3, "mov rsp, qword gs:[0x8]"),
    K + 7: ("do_syscall_64", 0, "rep stos byte ptr es:[rdi], al"),
    K + 9: ("__x64_sys_getpid", 0, "mov eax, 1"),
    K + 14: ("entry_SYSCALL_64", 14, "sysretq"),
    USER + 2: ("walk_getpid_syscall", 2, "ret"),
}


def trace_line(ptr, pc):
    return f"Trace 0: {ptr:#x} [0000000000000000/{pc:016x}/08c0c2b0/ff000201] \n"


def stopped_line(ptr, pc):
    return f"Stopped execution of TB chain before {ptr:#x} [{pc:016x}] \n"


SYNTHETIC_LOG = [
    stopped_line(0x7f0000000040, K + 99),
    trace_line(0x7f0000000100, USER),
    trace_line(0x7f0000000200, K),
    trace_line(0x7f0000000300, K + 3),
    stopped_line(0x7f0000000300, K + 3),
    trace_line(0x7f0000000300, K + 3),
    trace_line(0x7f0000000400, K + 7),
    trace_line(0x7f0000000400, K + 7),
    stopped_line(0x7f0000000400, K + 7),
    trace_line(0x7f0000000400, K + 7),
    trace_line(0x7f0000000400, K + 7),
    trace_line(0x7f0000000500, K + 9),
    trace_line(0x7f0000000600, K + 14),
    trace_line(0x7f0000000700, USER + 2),
]


def check_log_parser(t):
    """scripts/walk.py's reading of the log, on the excerpts above: no QEMU, no chance."""
    pcs = [pc for pc, _ in walk_py.parse_exec_log(REAL_EXCERPT.splitlines(keepends=True))]
    t.ok(pcs == [0xffffffff8010e2f5, 0xffffffff8010e2f8, 0xffffffff8010e2fb],
         "log parser: a block QEMU stopped before it ran, then ran, counts once (real excerpt)",
         [f"{pc:#x}" for pc in pcs])
    trace = walk_py.parse_exec_log(SYNTHETIC_LOG)
    try:
        e = walk_py.analyse(trace, SYNTHETIC_INSNS, {"entry_SYSCALL_64"}, "walk_getpid_syscall", "syscall",
                            "made-up")
    except walk_py.WalkError as err:
        t.ok(False, "log parser: the made-up round trip can be walked", err)
        return
    t.ok(e["kernel_instructions"] == 7 and e["architectural_instructions"] == 5,
         "log parser: a made-up walk counts 5 instructions + 2 more rep iterations = 7, "
         "not the 9 blocks QEMU logged",
         f"kernel_instructions {e['kernel_instructions']}, architectural {e['architectural_instructions']}")
    t.ok([r["iterations"] for r in e["rep"]] == [3],
         "log parser: a rep stosb logged at one address keeps each of its 3 iterations", e["rep"])


def run(t):
    check_log_parser(t)
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

    recorded = json.load(open(ROOT / "tests" / "bench" / "instructions.json"))
    runs = sorted(n for e, n in ticks if e == "signal")
    if t.ok(len(runs) == 2, "bench.elf measures a signal round trip under -icount", tail(out, 10)):
        per = (ticks[("signal", runs[1])] - ticks[("signal", runs[0])]) / (runs[1] - runs[0])
        kernel = per - SIGNAL_USER
        want = recorded["signal"]["kernel_instructions"]
        t.ok(kernel <= want * 1.10, f"signal: a round trip (kill, delivery, handler, rt_sigreturn) takes at most "
             f"10 % more kernel instructions than recorded ({kernel:.0f} now, {want} recorded)",
             f"{per} instructions per round trip, {SIGNAL_USER} of them in user mode")

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
