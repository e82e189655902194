# SPDX-License-Identifier: MIT
"""Signals that only trapdoor can show: Linux's answers for everything else are
in the realprogs suite (tests/realprogs/signals.c and the rest), where this
machine's Linux is the oracle. Here:

- cpulimit=N, the kernel option that gives every program RLIMIT_CPU's soft limit
  of N seconds (and a hard limit above it, the kernel's choice), so that a
  program spinning with no system call cannot hold QEMU for ever: at the soft
  limit SIGXCPU, whose default action kills; a program that ignores or catches
  SIGXCPU is killed by SIGKILL at the hard limit; sleeping is not CPU time; the
  next program still runs. user/spin.c.
- SA_RESTART on a read that blocks: Linux's test runs programs with stdin on
  /dev/null, where read returns 0 at once, so only trapdoor's console can show a
  read interrupted by SIGALRM and restarted (or failing with -EINTR), through
  syscall and through int $0x80. user/sigread.c.

A kernel without a timer never stops the first spinner: that boot times out, and
the cpulimit cases after it are reported as not run instead of each costing a
timeout of its own.
"""
import re

import realprogs_harness as rp
from trapdoor import build_iso, boot, program, tail

CPULIMIT = "cpulimit=1"


def no_leak(t, out, what):
    m = re.search(r"^trapdoor: (\d+) pages free at the end, (\d+) before the first program$", out, re.M)
    t.ok(m and m.group(1) == m.group(2), f"after {what}, every page the programs used is free again",
         m.group(0) if m else tail(out))


def boot_items(tag, items, cmdline="", timeout=30, **kwargs):
    """Boot alive and then items; [Ran] for the items (realprogs_harness.parse_console), and the console."""
    status, out = boot(build_iso(f"signals-{tag}", [program("alive")] + items, cmdline), timeout=timeout, **kwargs)
    stopped = f"QEMU was stopped after {timeout} s" if status is None else f"QEMU stopped (qemu-run.sh status {status})"
    return rp.parse_console(out, len(items), stopped), out


def said(item, ran, out=None):
    """What happened to one program, for a diagnostic; with out, the console's end and
    the kernel's boot warnings too (an option it does not know, for one)."""
    text = (f"item: {item}\nit {rp.was(ran.status) if ran.status else 'never ended: ' + ran.why}\n"
            f"the kernel said:\n{ran.kernel or '(nothing)' + chr(10)}its output:\n{rp.excerpt(ran.output)}")
    if out is not None:
        warnings = re.findall(r"^trapdoor: warning: .*$", out, re.M)
        text += "".join(f"\n{w}" for w in warnings) + f"\nthe console's end:\n{tail(out, 8)}"
    return text


def test_cpulimit(t):
    items = [program("spin", "loop"), program("alive")]
    (spin, alive), out = boot_items("cpulimit-first", items, CPULIMIT, timeout=20)
    first = spin.status == "killed by SIGXCPU"
    t.ok(first and "spin: spinning with no system call" in spin.output,
         f"with {CPULIMIT}, a program spinning with no system call is killed by SIGXCPU", said(items[0], spin, out))
    t.ok(alive.status == "exited with status 0", f"with {CPULIMIT}, the program after the spinner still runs",
         said(items[1], alive, out))
    names = [f"with {CPULIMIT}, getrlimit(RLIMIT_CPU) gives each program a soft limit of 1 s",
             f"with {CPULIMIT}, a spinning program that ignores SIGXCPU is killed by SIGKILL",
             f"with {CPULIMIT}, a spinning program's SIGXCPU handler runs, and SIGKILL ends it later",
             f"with {CPULIMIT}, a program that sleeps 1.5 s is not killed: sleeping is not CPU time",
             f"with {CPULIMIT}, each program gets a CPU budget of its own: a spinner after the others is killed "
             "by SIGXCPU too, and the next program runs"]
    if spin.status is None:
        for name in names:
            t.ok(False, name, f"not run: the first spinner ({items[0]}) was never stopped, so these would hang too")
        return

    items = [program("spin", "limits"), program("spin", "ignore"), program("spin", "catch"), program("spin", "sleep"),
             program("spin", "loop"), program("alive")]
    (limits, ignore, catch, sleep, loop, alive), out = boot_items("cpulimit", items, CPULIMIT, timeout=40)
    t.ok(limits.status == "exited with status 0" and re.search(r"RLIMIT_CPU soft limit 1 s$", limits.output, re.M),
         names[0], said(items[0], limits, out))
    t.ok(ignore.status == "killed by SIGKILL" and "SIGXCPU ignored" in ignore.output, names[1],
         said(items[1], ignore, out))
    t.ok(catch.status == "killed by SIGKILL" and "spin: SIGXCPU 1 caught" in catch.output, names[2],
         said(items[2], catch, out))
    t.ok(sleep.status == "exited with status 0" and "not killed for sleeping" in sleep.output, names[3],
         said(items[3], sleep, out))
    t.ok(loop.status == "killed by SIGXCPU" and alive.status == "exited with status 0", names[4],
         said(items[4], loop, out) + "\n" + said(items[5], alive, out))
    no_leak(t, out, "programs killed by SIGXCPU and SIGKILL")


# (round, what it shows, the line sigread prints when it holds)
ROUNDS = [
    (1, "a console read through syscall with SA_RESTART is restarted after the SIGALRM handler and returns the "
        "line typed later", "restarted, got the typed line"),
    (2, "a console read through syscall without SA_RESTART returns -EINTR after the SIGALRM handler", "-EINTR"),
    (3, "a console read through int $0x80 with SA_RESTART is restarted (through int $0x80) and returns the line "
        "typed later", "restarted, got the typed line"),
    (4, "a console read through int $0x80 without SA_RESTART returns -EINTR after the SIGALRM handler", "-EINTR"),
]


def test_restart(t):
    items = [program("sigread")]
    script = [("sigread: SIGALRM 1 arrived", b"one\n"), ("sigread: SIGALRM 3 arrived", b"three\n")]
    (ran,), out = boot_items("sigread", items, timeout=30, send_after=script)
    for n, name, good in ROUNDS:
        m = re.search(rf"^sigread: round {n}: .* read returned .*$", ran.output, re.M)
        t.ok(m and m.group(0).endswith(": " + good), name,
             (f"it said: {m.group(0)}\n" if m else "it never finished the round\n") + said(items[0], ran))
    t.ok(ran.status == "exited with status 0", "sigread exits with status 0: every round held", said(items[0], ran, out))


def run(t):
    test_restart(t)
    test_cpulimit(t)
