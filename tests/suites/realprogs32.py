# SPDX-License-Identifier: MIT
"""32-bit (i386) static programs: tests/realprogs/ built for i386 with musl, glibc
and glibc static-pie, and nine of Linux's x86 selftests as _32 binaries
(tests/lib/realprogs32_harness.py). This machine cannot run them, so Linux 6.1
under QEMU TCG is the oracle (tests/lib/linux_oracle.py), on an AMD-like and an
Intel CPU model. For now the suite checks the oracle itself: each program prints
on Linux 6.1 what its x86-64 build prints on this machine, on both models; the
selftests pass there. compare_with_trapdoor() then runs the same programs under
trapdoor and compares, as realprogs.py does with the host as oracle; until
trapdoor runs 32-bit programs, its checks are skipped with the kernel's reason."""
import concurrent.futures
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


def compare_with_trapdoor(t, cases, linux, cpus=lo.CPUS):
    """The hook for trapdoor's side: boot trapdoor with cases (their batches, each
    after alive.elf) on QEMU -cpu CPU for each of cpus, and check each against
    linux[CPU][title] (h.linux's answers on the same model) with realprogs.py's
    checks: the same output, line for line, and the same status; a selftest that
    only has a verdict must pass. Skipped, with the reason, until
    h.trapdoor_runs_ia32() says trapdoor runs 32-bit programs."""
    runs, why = h.trapdoor_runs_ia32()
    if not runs:
        for cpu in cpus:
            for case in cases:
                t.skip(f"{case.title} under trapdoor (-cpu {cpu}) as on Linux 6.1", why)
        return
    for cpu in cpus:
        booted = h.run_on_trapdoor(cases, cpu)
        for case in cases:
            linux_result, linux_why = linux[cpu][case.title]
            ran, console = booted[case.title]
            if case.verdict_only:
                shown = linux_result or rp.Result("", linux_why or "no result")
                realprogs.check_verdict(t, case, shown, ran, console)
            elif linux_result is None:
                t.ok(False, f"{case.title} prints what it prints on Linux (-cpu {cpu})", f"not run: {linux_why}")
            else:
                realprogs.check_case(t, case, linux_result, ran, console)


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
