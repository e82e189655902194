# SPDX-License-Identifier: MIT
"""Real static Linux programs: small C programs built with musl-gcc -static,
gcc -static and gcc -static-pie, Debian's static busybox, and Linux's own x86
selftests. Each runs on this machine's Linux first; under trapdoor it must print
the same and end the same way (tests/lib/realprogs_harness.py explains how),
except the selftests whose output depends on the CPU: those must pass, as on
Linux. A missing tool fails the checks that need it, saying what to install."""
import concurrent.futures
import re

import realprogs_harness as rp
from trapdoor import tail


def check_case(t, case, linux, ran, console):
    """The two checks every case gets: the same output, the same end."""
    said = f"item: {rp.item(case)}\n"
    if ran.status is None:
        why = (f"{said}{ran.why}\n{ran.kernel}its output:\n{rp.excerpt(ran.output)}\n"
               f"the console's end:\n{tail(console, 12)}")
        t.ok(False, f"{case.title} prints what it prints on Linux", why)
        t.ok(False, f"{case.title} exits with Linux's status", why)
        return
    t.ok(rp.same_output(ran, linux, case), f"{case.title} prints what it prints on Linux",
         said + rp.diff(linux.output, ran.output))
    t.ok(ran.status == linux.status, f"{case.title} exits with Linux's status",
         f"{said}on Linux it {rp.was(linux.status)}; under trapdoor it {rp.was(ran.status)}\n"
         f"the kernel said:\n{ran.kernel}its output:\n{rp.excerpt(ran.output)}")


def check_verdict(t, case, linux, ran, console):
    """A selftest whose output depends on the CPU (SYSENTER is #UD on AMD, #GP on
    Intel) passes as it does on Linux: [OK] lines, no [FAIL], exit status 0. This
    machine's Linux may fail one for reasons of its own (a hypervisor that loses a
    flag): then what it said is in the diagnostic, and trapdoor must still pass."""
    said = f"item: {rp.item(case)}\n"
    host = f"on this machine's Linux it {rp.was(linux.status)}, printing:\n{rp.excerpt(linux.output, 12)}"
    if ran.status is None:
        why = (f"{said}{ran.why}\n{ran.kernel}its output:\n{rp.excerpt(ran.output)}\n"
               f"the console's end:\n{tail(console, 12)}\n{host}")
        t.ok(False, f"{case.title} prints [OK] and no [FAIL] under trapdoor", why)
        t.ok(False, f"{case.title} exits with status 0 under trapdoor, as it does on Linux", why)
        return
    fails = [l for l in ran.output.splitlines() if "[FAIL]" in l]
    t.ok(re.search(r"^\[OK\]", ran.output, re.M) and not fails,
         f"{case.title} prints [OK] and no [FAIL] under trapdoor",
         f"{said}" + ("its [FAIL] lines:\n" + "\n".join(fails[:10]) + "\n" if fails else "it printed no [OK] line\n")
         + f"its output:\n{rp.excerpt(ran.output, 15)}\n{host}")
    t.ok(ran.status == "exited with status 0", f"{case.title} exits with status 0 under trapdoor, as it does on Linux",
         f"{said}under trapdoor it {rp.was(ran.status)}\nthe kernel said:\n{ran.kernel}"
         f"its output:\n{rp.excerpt(ran.output)}\n{host}")


def check_selftest(t, case, linux, ran):
    """Linux's selftest passes by printing [OK] lines, no [FAIL], and exiting with 0."""
    say = case.title
    t.ok(re.search(r"^\[OK\]", linux.output, re.M) and "[FAIL]" not in linux.output
         and linux.status == "exited with status 0",
         f"{say} passes on Linux", f"{linux.status}\n{linux.output}")
    t.ok(re.search(r"^\[OK\]", ran.output, re.M) and "[FAIL]" not in ran.output,
         f"{say} prints [OK] and no [FAIL] under trapdoor", f"{ran.status or ran.why}\n{ran.output}")


def made_up_console(batch, linux, wrong=None):
    """The console a kernel that runs each case right could print: the boot text,
    alive, then each case's output and the kernel's report on it. Where both
    streams print and their order is free, stderr comes first (Linux's order was
    the other); a kernel line interrupts the output of every case that prints two
    lines or more. wrong: the index of a case whose output gets one wrong byte."""
    out = ["  Booting `trapdoor'\n\ntrapdoor 0.1.0: a small x86-64 kernel about system calls\n",
           "alive: pid 1 is running after the previous program\ntrapdoor: pid 1 (alive) exited with status 0\n"]
    for i, case in enumerate(batch):
        want = linux[case.title]
        text = want.output if case.exact_order else want.stderr + want.stdout
        if i == wrong:
            text = text[:len(text) // 2] + ("#" if text[len(text) // 2:][:1] != "#" else "%") + text[len(text) // 2 + 1:]
        lines = text.splitlines(keepends=True)
        if len(lines) >= 2:
            lines.insert(1, f"trapdoor: pid {i + 2} (x): a line of the kernel's own\n")
        out += lines + [f"trapdoor: pid {i + 2} ({case.path.rsplit('/', 1)[-1]}) {want.status}\n"]
    return "".join(out) + f"trapdoor: {len(batch) + 1} programs; powering off\n"


def check_harness(t, batches, linux):
    """The harness itself, on made-up consoles: it must pass a kernel that does
    everything right, whatever the order of the two streams, and catch one that
    prints one wrong byte or stops early."""
    bad = []
    for batch in batches.values():
        for case, ran in zip(batch, rp.parse_console(made_up_console(batch, linux), len(batch))):
            if not rp.same_output(ran, linux[case.title], case) or ran.status != linux[case.title].status:
                bad.append(f"{case.title}: {ran.status or ran.why}\n{rp.diff(linux[case.title].output, ran.output)}")
    t.ok(not bad, "the harness passes a made-up console in which every program does what it does on Linux",
         "\n".join(bad))
    missed = []
    for batch in batches.values():
        for wrong in range(len(batch)):
            if not linux[batch[wrong].title].output:
                continue
            ran = rp.parse_console(made_up_console(batch, linux, wrong), len(batch))
            passed = [rp.same_output(r, linux[c.title], c) for c, r in zip(batch, ran)]
            if passed[wrong] or not all(passed[:wrong] + passed[wrong + 1:]):
                missed.append(batch[wrong].title)
    t.ok(batches and not missed, "the harness catches one wrong byte in a program's output, and only there",
         "\n".join(missed))
    batch = next(iter(batches.values()), [])
    console = made_up_console(batch, linux)
    cut = console.find(f"trapdoor: pid {len(batch) // 2 + 2} (")
    ran = rp.parse_console(console[:cut], len(batch))
    t.ok(batch and all(r.status for r in ran[:len(batch) // 2]) and not any(r.status for r in ran[len(batch) // 2:]),
         "the harness gives no status to programs the kernel never reported on", "")


def run(t):
    problems = rp.build_all()
    for subdir, what in [("musl", "the C programs build with musl-gcc -static"),
                         ("glibc", "the C programs build with gcc -static"),
                         ("glibc-pie", "the C programs build with gcc -static-pie"),
                         ("busybox", f"{rp.BUSYBOX} is Debian's static busybox"),
                         ("selftest", f"{rp.SELFTEST_NAME} builds from linux-source-6.1 with its own Makefile")]:
        t.ok(not problems.get(subdir), what, problems.get(subdir))
    for name in rp.SIGNAL_SELFTESTS:
        t.ok(not problems.get(f"selftest {name}"),
             f"{name} builds from linux-source-6.1 with its own Makefile, linked statically",
             problems.get(f"selftest {name}"))

    # Linux's answers come from a pool of threads while QEMU boots the batches: six
    # cases at a time, each run three times at once (most finish in milliseconds, some
    # wait for a timer, one spins for a second of CPU). A case whose program is missing,
    # or that Linux itself cannot run the same way twice, fails with that reason.
    built = [case for case in rp.cases() if not rp.case_problem(case, problems)]
    batches = {}
    for case in built:
        batches.setdefault(case.batch, []).append(case)
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        answers = {case.title: pool.submit(rp.oracle, case) for case in built}
        booted = {tag: rp.run_batch(tag, batch, timeout=rp.batch_timeout(tag)) for tag, batch in batches.items()}
        linux = {title: answer.result() for title, answer in answers.items()}

    for case in rp.cases():
        why = rp.case_problem(case, problems) or linux[case.title][1]
        if why and case.verdict_only:
            t.ok(False, f"{case.title} prints [OK] and no [FAIL] under trapdoor", f"not run: {why}")
            t.ok(False, f"{case.title} exits with status 0 under trapdoor, as it does on Linux", f"not run: {why}")
        elif why:
            t.ok(False, f"{case.title} prints what it prints on Linux", f"not run: {why}")
            t.ok(False, f"{case.title} exits with Linux's status", f"not run: {why}")
    linux = {title: result for title, (result, why) in linux.items() if not why}

    check_harness(t, {tag: [c for c in batch if c.title in linux] for tag, batch in batches.items()}, linux)
    for tag, batch in batches.items():
        results, _, console = booted[tag]
        for case, ran in zip(batch, results):
            if case.title not in linux:
                continue
            if case.verdict_only:
                check_verdict(t, case, linux[case.title], ran, console)
                continue
            check_case(t, case, linux[case.title], ran, console)
            if case.selftest:
                check_selftest(t, case, linux[case.title], ran)
