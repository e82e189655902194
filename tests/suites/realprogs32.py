# SPDX-License-Identifier: MIT
"""32-bit (i386) static programs: tests/realprogs/ built for i386 with musl, glibc
and glibc static-pie, and nine of Linux's x86 selftests as _32 binaries
(tests/lib/realprogs32_harness.py). This machine cannot run them, so Linux 6.1
under QEMU TCG is the oracle (tests/lib/linux_oracle.py), on an AMD-like and an
Intel CPU model. For now the suite checks the oracle itself: each program prints
on Linux 6.1 what its x86-64 build prints on this machine, on both models; the
selftests pass there. compare_with_trapdoor() then runs the same programs under
trapdoor and compares, as realprogs.py does with the host as oracle."""
import concurrent.futures
import dataclasses
import importlib.util
import pathlib
import re

import linux_oracle as lo
import realprogs32_harness as h
import realprogs_harness as rp

_spec = importlib.util.spec_from_file_location("realprogs_suite", pathlib.Path(__file__).with_name("realprogs.py"))
realprogs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(realprogs)

# What Linux 6.1 does under QEMU 7.2 TCG that is not a program's doing: on the
# Intel model, syscall_arg_fault_32 makes the kernel double-fault (RIP 0, RSP
# 0xffffffff, "Kernel panic - not syncing: Fatal exception in interrupt"). It runs
# last in its boot, so the panic costs no other result. Its check there says so.
LINUX_ON_TCG = {("Linux's selftest syscall_arg_fault_32", lo.INTEL): "Linux 6.1 panics (a double fault)"}


def passes(r):
    return bool(r and re.search(r"^\[OK\]", r.output, re.M) and "[FAIL]" not in r.output
                and r.status == "exited with status 0")


def check_oracle(t, built, linux):
    """The oracle is sane: the C programs print on Linux 6.1, on both models, what
    their x86-64 builds print on this machine's Linux; the selftests pass."""
    for case in built:
        name = case.path.rsplit("/", 1)[-1]
        if case.selftest:
            for cpu in lo.CPUS:
                r, why = linux[cpu][case.title]
                known = LINUX_ON_TCG.get((case.title, cpu))
                if known:
                    t.ok(r is None and "Kernel panic" in (why or ""),
                         f"{case.title}: {known} under QEMU -cpu {cpu}, as it did when this was written",
                         f"it now {r.status if r else why}" + (f"\n{rp.excerpt(r.output)}" if r else ""))
                    continue
                t.ok(passes(r), f"{case.title} passes on Linux 6.1 under QEMU -cpu {cpu}",
                     why or f"it {rp.was(r.status)}, printing:\n{rp.excerpt(r.output, 15)}")
            continue
        if name in h.I386_ONLY:
            for cpu in lo.CPUS:
                r, why = linux[cpu][case.title]
                t.ok(r is not None, f"{case.title} runs on Linux 6.1 (-cpu {cpu}), the same twice", why)
            continue
        ref, why64 = h.reference64(case.batch, name)
        want = None
        if ref:
            want, why64 = rp.oracle(rp.Case(case.title, case.batch, rp.rel(ref), case.args, case.exact_order))
        for cpu in lo.CPUS:
            r, why = linux[cpu][case.title]
            if not r or not want:
                t.ok(False, f"{case.title} prints on Linux 6.1 (-cpu {cpu}) what its x86-64 build prints here",
                     why or f"the x86-64 build: {why64}")
                continue
            got = (r.stdout, r.stderr, r.status)
            same = [x.replace(rp.rel(ref), case.path) for x in (want.stdout, want.stderr, want.status)]
            t.ok(got == tuple(same),
                 f"{case.title} prints on Linux 6.1 (-cpu {cpu}) what its x86-64 build prints here",
                 f"x86-64 here: {want.status}; i386 on Linux 6.1: {r.status}\n" + rp.diff(want.output, r.output))


# Every case runs under trapdoor on the AMD-like model, where the vDSO enters by
# SYSCALL. On the Intel one (SYSENTER) only what the entry can change runs: the
# selftests, which single-step and fault through it, the signal programs, and a
# few plain ones per libc (static-pie moves only where the program lies).
INTEL_PROGRAMS = {"hello", "tls", "malloc", "args", "exit_status", "sig32", "alarm", "sigdefault"}


def for_cpu(cases, cpu):
    if cpu != lo.INTEL:
        return cases
    return [c for c in cases if c.selftest or
            (c.batch != "glibc-pie" and c.path.rsplit("/", 1)[-1] in INTEL_PROGRAMS)]


def compare_with_trapdoor(t, cases, linux, cpus=lo.CPUS):
    """Boot trapdoor with cases (their batches, each after alive.elf) on QEMU -cpu
    CPU for each of cpus (for_cpu's share on each), two boots at a time, and check
    each against linux[CPU][title] (h.linux's answers on the same model) with
    realprogs.py's checks: the same output, line for line, and the same status; a
    selftest that only has a verdict must pass."""
    jobs = []
    for cpu in cpus:
        batches = {}
        for case in for_cpu(cases, cpu):
            batches.setdefault(case.batch, []).append(case)
        jobs += [(cpu, batch) for batch in batches.values()]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        booted = list(pool.map(lambda job: h.run_on_trapdoor(job[1], job[0]), jobs))
    for (cpu, batch), ran_batch in zip(jobs, booted):
        for case in batch:
            linux_result, linux_why = linux[cpu][case.title]
            ran, console = ran_batch[case.title]
            shown = dataclasses.replace(case, title=f"{case.title} (-cpu {cpu})")
            if case.verdict_only:
                realprogs.check_verdict(t, shown, linux_result or rp.Result("", linux_why or "no result"),
                                        ran, console)
            elif linux_result is None:
                t.ok(False, f"{shown.title} prints what it prints on Linux", f"not run: {linux_why}")
            else:
                realprogs.check_case(t, shown, linux_result, ran, console)


def run(t):
    problems = h.build_all()
    for label, subdir, compiler in h.LIBCS:
        t.ok(not problems.get(subdir), f"the C programs build for i386 with {' '.join(compiler[:3])}",
             problems.get(subdir))
    for name in h.SELFTESTS:
        t.ok(not problems.get(f"selftest {name}"), f"{name} builds from linux-source-6.1 with gcc -m32 -static",
             problems.get(f"selftest {name}"))
    built = [c for c in h.cases() if not rp.case_problem(c, problems)]
    if not built:
        return
    lines = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(lo.CPUS)) as pool:
        answers = {cpu: pool.submit(h.linux, built, cpu, lines.append) for cpu in lo.CPUS}
        linux = {cpu: f.result() for cpu, f in answers.items()}
    check_oracle(t, built, linux)
    compare_with_trapdoor(t, built, linux)
