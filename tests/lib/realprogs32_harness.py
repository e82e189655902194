# SPDX-License-Identifier: MIT
"""32-bit (i386) static programs, and Linux 6.1 under QEMU as their oracle.

The programs: the C files of tests/realprogs/ whose output does not depend on
the word size, each built three ways for i386 into build/realprogs32/
(i386-linux-musl-gcc -static, gcc -m32 -static, gcc -m32 -static-pie); and
nine of Linux's x86 selftests built as their _32 variants from the tree
realprogs_harness extracts from linux-source-6.1, with the flags of their
Makefile (build_selftests32 says which).

This machine's kernel cannot run them ("Exec format error"), so the oracle is
Debian's Linux 6.1 booted under QEMU TCG (linux_oracle.py), on an AMD-like and
an Intel CPU model, with the argv and environment trapdoor gives. The cases are
realprogs_harness's Case, the results its Result, and trapdoor's side is its
batches and console parser: what realprogs.py does with the host as oracle,
with Linux 6.1 in QEMU instead.

  python3 tests/lib/realprogs32_harness.py build     build everything; say what failed
  python3 tests/lib/realprogs32_harness.py linux     run each case on Linux 6.1 on both CPU models
"""
import concurrent.futures
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import linux_oracle as lo  # noqa: E402
import realprogs_harness as rp  # noqa: E402
from trapdoor import BUILD, boot, build_iso, program  # noqa: E402

OUT = BUILD / "realprogs32"
# gcc -m32 finds the kernel's uapi headers (asm/unistd.h, asm/errno.h) through
# /usr/include/asm, a link Debian's gcc-multilib package makes. That package
# cannot be installed beside gcc-i686-linux-gnu, which musl-dev:i386 needs for
# i386-linux-musl-gcc; so the link is made here, under build/, and given to gcc
# with -isystem. The x86 uapi headers serve both word sizes.
INCLUDE = OUT / "include"
ASM_HEADERS = pathlib.Path("/usr/include/x86_64-linux-gnu/asm")

# (label used in check names, directory under build/realprogs32/, compiler command)
LIBCS = [
    ("i386 musl", "musl", ["i386-linux-musl-gcc", "-static"]),
    ("i386 glibc", "glibc", ["gcc", "-m32", "-static", "-isystem", str(INCLUDE)]),
    ("i386 glibc static-pie", "glibc-pie", ["gcc", "-m32", "-static-pie", "-isystem", str(INCLUDE)]),
]
# double arithmetic in SSE registers, as on x86-64: with the x87's 80-bit
# registers, printf_float's sums come out different in the last digits.
# long double is still the x87's.
CFLAGS32 = ["-msse2", "-mfpmath=sse"]
# What is needed to build them, and which Debian package has it (scripts/install-deps.sh test).
NEEDS = {
    "musl": [("/usr/bin/i386-linux-musl-gcc", "musl-dev:i386")],
    "glibc": [("/usr/lib32/libc.a", "libc6-dev-i386"),
              ("/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a", "gcc-12-multilib")],
}
NEEDS["glibc-pie"] = NEEDS["glibc"]

# The programs of tests/realprogs/ that print the same built for i386 as for
# x86-64 (the suite checks that they do), with realprogs_harness's arguments.
# Left out: badargs (x86-64 system call numbers and addresses above 4 GiB), mm (it
# maps the last page below 2^47), and the signal programs signals, fpsig, hostile
# and spin (x86-64 frames and registers: REG_RIP, REG_CSGSFS, xmm8-15): what they
# test for 64-bit frames, sig32 tests for 32-bit ones.
PROGRAMS = ["hello", "printf_float", "qsort", "malloc", "tls", "setjmp", "stderr", "args", "exit_status",
            "sigdefault", "alarm"]
# Programs for i386 alone (32-bit frames, int $0x80, __kernel_vsyscall): no x86-64
# build to compare with; Linux 6.1 is their only oracle.
I386_ONLY = {"sig32": [["info"], ["old"], ["sigreturn"], ["bad"], ["altstack"], ["faults"], ["restart"]]}
C_CASES = {**{name: rp.C_CASES[name] for name in PROGRAMS}, **I386_ONLY}
# As realprogs_harness's LIBCS_FOR: the signal programs run with musl and glibc
# (all three libcs build them); static-pie changes only where the program lies.
LIBCS_FOR = {name: {"musl", "glibc"} for name in ("sigdefault", "alarm", "sig32")}

# Linux's x86 selftests, 32-bit, in the order they run; the last could loop for
# ever on a broken kernel. check_initial_reg_state's output is compared; the
# others' depends on the CPU (SYSENTER, SYSCALL), so they are judged by their verdict.
SELFTEST_REG = "check_initial_reg_state_32"
SELFTESTS = [SELFTEST_REG, "syscall_nt_32", "sigaltstack_32", "test_FCMOV_32",
             "test_FCOMI_32", "test_FISTTP_32", "single_step_syscall_32", "sigtrap_loop_32", "syscall_arg_fault_32"]
# The Makefile's flags for its _32 binaries (tools/testing/selftests/x86/Makefile in 6.1):
#   $(CC) -m32 -o $@ $(CFLAGS) $(EXTRA_CFLAGS) $^ -lrt -ldl -lm
# with CFLAGS = -O2 -g -std=gnu99 -pthread -Wall $(KHDR_INCLUDES) -no-pie, EXTRA_CFLAGS =
# -DCAN_BUILD_32 -DCAN_BUILD_64 and, for check_initial_reg_state, -Wl,-ereal_start -static.
# Linked -static all of them (trapdoor loads no interpreter), KHDR_INCLUDES the link above.
SELFTEST_CFLAGS = ["-m32", "-static", "-O2", "-g", "-std=gnu99", "-pthread", "-Wall", "-no-pie",
                   "-DCAN_BUILD_32", "-DCAN_BUILD_64"]
SELFTEST_EXTRA = {SELFTEST_REG: ["-Wl,-ereal_start"]}
SELFTEST_LIBS = ["-lrt", "-ldl", "-lm"]

TIMEOUT = 30        # seconds per program, on Linux and per trapdoor batch


def cases():
    out = []
    for label, subdir, _ in LIBCS:
        for name, arglists in C_CASES.items():
            if subdir not in LIBCS_FOR.get(name, {subdir}):
                continue
            for args in arglists:
                title = f"{label} {name}" + (f" {shlex.join(args)}" if len(arglists) > 1 else "")
                out.append(rp.Case(title, subdir, rp.rel(OUT / subdir / name), args, name in rp.EXACT_ORDER,
                                   needs=subdir))
    for name in SELFTESTS:
        out.append(rp.Case(f"Linux's selftest {name}", "selftests", rp.rel(OUT / "selftests" / name), [],
                           selftest=True, needs=f"selftest {name}", verdict_only=name != SELFTEST_REG))
    return out


# ---- Building ------------------------------------------------------------------

def missing(subdir):
    """None, or what to install to build with this libc."""
    lack = sorted({pkg for path, pkg in NEEDS[subdir] if not os.path.exists(path)})
    return f"not installed: Debian's {', '.join(lack)} ({rp.INSTALL_HINT})" if lack else None


def include_dir():
    asm = INCLUDE / "asm"
    if not asm.is_symlink():
        INCLUDE.mkdir(parents=True, exist_ok=True)
        asm.symlink_to(ASM_HEADERS)


def compile_one(cmd, inputs, out):
    """None, or the compiler's complaint; skips outputs newer than their inputs."""
    inputs = [*inputs, pathlib.Path(__file__)]
    if out.exists() and all(out.stat().st_mtime >= pathlib.Path(i).stat().st_mtime for i in inputs):
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    cmd = [*cmd, "-o", str(tmp)]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        return f"$ {shlex.join(cmd)}\n{p.stdout}"
    tmp.replace(out)
    return None


def build_c_programs():
    """{subdir: None or why}: every program of PROGRAMS, three ways."""
    include_dir()
    result, jobs = {}, {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for _, subdir, compiler in LIBCS:
            why = missing(subdir)
            if why:
                result[subdir] = why
                continue
            for name in C_CASES:
                src = rp.SRC / f"{name}.c"
                cmd = [*compiler, *rp.CFLAGS, *CFLAGS32, str(src), *rp.LIBS]
                jobs[pool.submit(compile_one, cmd, [src, *rp.SRC.glob("*.h")], OUT / subdir / name)] = subdir
        for fut, subdir in jobs.items():
            err = fut.result()
            if err and not result.get(subdir):
                result[subdir] = err
            result.setdefault(subdir, None)
    return result


def build_selftests():
    """{"selftest NAME": None or why}: the 32-bit selftests, from the extracted tree."""
    why = rp.extract_selftests() or missing("glibc")
    if why:
        return {f"selftest {name}": why for name in SELFTESTS}
    include_dir()
    src = rp.OUT / "linux" / rp.SELFTESTS / "x86"
    result = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {}
        for name in SELFTESTS:
            c = src / f"{name[:-3]}.c"
            cmd = ["gcc", *SELFTEST_CFLAGS, "-isystem", str(INCLUDE), *SELFTEST_EXTRA.get(name, []), str(c),
                   *SELFTEST_LIBS]
            jobs[name] = pool.submit(compile_one, cmd, [c, src / "helpers.h"], OUT / "selftests" / name)
        for name, fut in jobs.items():
            result[f"selftest {name}"] = fut.result()
    return result


def build_all():
    problems = build_c_programs()
    problems.update(build_selftests())
    return problems


# ---- The 64-bit builds, to show the programs are ABI-neutral ---------------------

def reference64(subdir, name):
    """(path, None) or (None, why): the x86-64 build of name with the libc of subdir,
    under build/realprogs32/x86-64/ (not realprogs's own, which its suite may be
    building at the same time)."""
    compiler = next(c for _, d, c in rp.LIBCS if d == subdir)
    why = rp.missing_tool(compiler[0])
    if why:
        return None, why
    src = rp.SRC / f"{name}.c"
    out = OUT / "x86-64" / subdir / name
    err = compile_one([*compiler, *rp.CFLAGS, str(src), *rp.LIBS], [src, *rp.SRC.glob("*.h")], out)
    return (None, err) if err else (out, None)


# ---- Linux, the oracle -----------------------------------------------------------

def linux(cases, cpu, log=None):
    """{title: (rp.Result, None) or (None, why)}: each case on Linux 6.1 under QEMU -cpu cpu,
    all in one boot (or none: linux_oracle caches)."""
    items = [lo.Item(c.path, tuple(c.args)) for c in cases]
    try:
        runs = lo.run(items, cpu, timeout=TIMEOUT, log=log)
    except (lo.OracleError, OSError, subprocess.SubprocessError) as e:
        return {c.title: (None, f"Linux 6.1 under QEMU -cpu {cpu}: {e}") for c in cases}
    out = {}
    for case, r in zip(cases, runs):
        if r.status is None:
            out[case.title] = (None, r.why)
        elif r.timed_out:
            out[case.title] = (None, f"on Linux 6.1 (-cpu {cpu}) it was still running after {TIMEOUT} s")
        elif not r.same_twice and not case.verdict_only:
            out[case.title] = (None, f"it prints or ends differently on two runs on Linux 6.1 (-cpu {cpu})")
        else:
            out[case.title] = (rp.Result(r.output, r.status, r.stdout, r.stderr), None)
    return out


# ---- trapdoor --------------------------------------------------------------------

def run_on_trapdoor(cases, cpu):
    """{title: (rp.Ran, console)}: cases booted under trapdoor in batches, each after
    alive.elf, on QEMU -cpu cpu: the twin of linux() for trapdoor."""
    batches = {}
    for case in cases:
        batches.setdefault(case.batch, []).append(case)
    ran = {}
    for tag, batch in batches.items():
        iso = build_iso(f"realprogs32-{tag}-{cpu}", [program("alive")] + [rp.item(c) for c in batch])
        status, console = boot(iso, timeout=rp.BOOT_TIMEOUT, qemu_flags=["-cpu", cpu])
        stopped = f"QEMU was stopped after {rp.BOOT_TIMEOUT} s" if status is None else \
            f"QEMU stopped (qemu-run.sh status {status})"
        for case, r in zip(batch, rp.parse_console(console, len(batch), stopped)):
            ran[case.title] = (r, console)
    return ran


def main(argv):
    problems = build_all()
    for what, why in problems.items():
        if why:
            print(f"{what}: not built: {why}", file=sys.stderr)
    if argv[:1] == ["build"]:
        return 1 if any(problems.values()) else 0
    if argv[:1] != ["linux"]:
        print(__doc__)
        return 2
    built = [c for c in cases() if not rp.case_problem(c, problems)]
    for cpu in lo.CPUS:
        answers = linux(built, cpu, log=print)
        for case in built:
            r, why = answers[case.title]
            print(f"== -cpu {cpu}: {case.title}: {r.status if r else why}  [{rp.item(case)}]")
            if r:
                print(r.output, end="" if r.output.endswith("\n") or not r.output else "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
