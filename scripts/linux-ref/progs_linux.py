#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench's real programs, on Linux: the kernel instructions of a whole program.

Optional, like measure.py (whose download of the kernel package it reuses).
scripts/progwalk.py defines the method and measures trapdoor; this measures
Linux the same way. The programs are the same files, built by progwalk.py
(exit0, musl and glibc hello) or taken from this machine (/bin/busybox), put
in an initramfs at the paths trapdoor's argv[0] gives them, and run with the
same argv and environment by /init (runprogs.c, progs.S), RUNS times each.

QEMU runs with -icount shift=0 (the timer ticks every 4 million instructions,
not every few of the log's slow host milliseconds), one instruction per block
and "log exec,nochain", turned on through QMP once /init is ready, as
walk_linux.py does. In the log, for each run:

  - the start-up: every kernel instruction from the child's execve (the
    syscall at ref_execve_syscall) to the program's first instruction, which
    must be its ELF entry point;
  - the window: from that first instruction to the first instruction after
    the parent's wait4 (ref_wait4_return): the program's life, its exit, the
    switch back to the parent and the end of wait4.

A window that Linux's timer interrupt landed in is set aside; of the others,
the program's figure is the median (the runs differ a little, because Linux
places the stack, the heap and mmap at random addresses: the page tables they
need differ). Every window's count is kept in the JSON.

  python3 scripts/linux-ref/progs_linux.py [--runs 9] [--keep-log] [--reuse-log] [--update-docs]

--update-docs stores the result in docs/linux-reference.json under
"programs"; "reference" there, which make bench prints, is kept by hand.
"""
import argparse
import datetime
import importlib.util
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


measure = load("measure", HERE / "measure.py")
walk_linux = load("walk_linux", HERE / "walk_linux.py")
progwalk = load("progwalk", ROOT / "scripts" / "progwalk.py")
walk = progwalk.walk

USER_TOP = walk.USER_TOP
LINUX_ENTRIES = {
    "entry_SYSCALL_64": "syscall",
    "entry_INT80_compat": "syscall",
    "asm_exc_page_fault": "page fault",
    "asm_common_interrupt": "interrupt",
    "asm_sysvec_apic_timer_interrupt": "timer interrupt",
}


def build(work):
    """The runner and the initramfs with the programs. Returns the initrd's path."""
    why = progwalk.build_programs()
    if why:
        raise SystemExit(f"progs_linux.py: {why}")
    runner = work / "runprogs"
    measure.sh(["gcc", "-O2", "-static-pie", "-o", str(runner), str(HERE / "runprogs.c"), str(HERE / "progs.S")])
    return runner


def pack(work, runner, runs):
    lines, files = [], []
    for key, (_, path, args) in progwalk.PROGRAMS.items():
        lines.append(" ".join([str(runs), path, *args]))
        files.append(f"{path.lstrip('/')}={progwalk.host_path(path)}")
    progs = work / "progs.txt"
    progs.write_text("\n".join(lines) + "\n")
    initrd = work / "initrd-progs.cpio"
    measure.sh([sys.executable, str(HERE / "mkcpio.py"), str(initrd), str(runner), f"progs={progs}", *files])
    return initrd


def run(vmlinuz, initrd, cpu, options, workdir, timeout=1800):
    """Boot, log the runs; returns (the console, the log's path, the kallsyms file)."""
    log = workdir / "exec.log"
    qmp_path = workdir / "qmp.sock"
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", cpu, "-m", "256M", "-smp", "1",
           "-icount", "shift=0", "-kernel", str(vmlinuz), "-initrd", str(initrd),
           "-append", f"console=ttyS0 nokaslr quiet {options}".strip(),
           "-display", "none", "-vga", "none", "-serial", "stdio", "-monitor", "none",
           "-serial", f"file:{workdir / 'kallsyms'}",
           "-qmp", f"unix:{qmp_path},server=on,wait=off", "-no-reboot"]
    deadline = time.monotonic() + timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        console = walk.read_until(proc, b"linux-ref: ready", deadline)
        qmp = walk.QMP(qmp_path, deadline)
        qmp.hmp(f"logfile {log}")
        qmp.hmp("singlestep on")
        qmp.hmp("log exec,nochain")
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
        console += walk.read_until(proc, b"linux-ref: walked", deadline)
        qmp.hmp("log none")
        qmp.close()
        console += walk.read_until(proc, b"linux-ref: kallsyms copied", deadline)
        proc.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return console.decode(errors="replace"), log, workdir / "kallsyms"


def windows(log, execve_at, wait4_return):
    """Each run in the log: (start-up kernel instructions, [pc] of its window)."""
    out = []
    state, startup, win = "between", 0, None
    with open(log) as f:
        for pc, cflags in walk.iter_exec_log(f):
            if cflags & walk.CF_COUNT_MASK != 1:
                raise SystemExit(f"progs_linux.py: a block of more than one instruction at {pc:#x}")
            if state == "between":
                if pc == execve_at:
                    state, startup = "execve", 0
            elif state == "execve":
                if pc >= USER_TOP:
                    startup += 1
                else:
                    state, win = "window", [pc]
            elif pc == wait4_return:
                out.append((startup, win))
                state = "between"
            else:
                win.append(pc)
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package", default="linux-image-6.1.0-56-amd64")
    ap.add_argument("--cpu", default="max")
    ap.add_argument("--options", default="", help="extra kernel options, e.g. mitigations=off")
    ap.add_argument("--runs", type=int, default=9, help="runs of each program (default 9)")
    ap.add_argument("--json", default=str(measure.WORK / "progs.json"))
    ap.add_argument("--keep-log", action="store_true",
                    help="keep the log, the console and the symbols in build/linux-ref/progs-log/")
    ap.add_argument("--reuse-log", action="store_true",
                    help="no boot: read the log --keep-log kept (after a change to the analysis)")
    ap.add_argument("--update-docs", action="store_true",
                    help=f"also store the result in {measure.DOCS_JSON.relative_to(ROOT)} under \"programs\"")
    args = ap.parse_args(argv)

    vmlinuz, _, version = measure.prepare(args.package)
    keys = list(progwalk.PROGRAMS)
    kept = measure.WORK / "progs-log"
    with tempfile.TemporaryDirectory(prefix="linux-ref-progs.") as tmp:
        tmp = kept if args.keep_log or args.reuse_log else pathlib.Path(tmp)
        if args.reuse_log:
            log, kallsyms = tmp / "exec.log", tmp / "kallsyms"
            console = (tmp / "console.txt").read_text()
        else:
            runner = build(measure.WORK)
            initrd = pack(measure.WORK, runner, args.runs)
            tmp.mkdir(exist_ok=True)
            console, log, kallsyms = run(vmlinuz.resolve(), initrd.resolve(), args.cpu, args.options, tmp)
            (tmp / "console.txt").write_text(console)
        m = re.search(r"linux-ref: marks execve (0x[0-9a-f]+) wait4 (0x[0-9a-f]+)", console)
        if not m:
            print(f"progs_linux.py: no marks on the console:\n{console[-3000:]}", file=sys.stderr)
            return 1
        found = windows(log, int(m.group(1), 16), int(m.group(2), 16))
        smap = walk_linux.Symbols(kallsyms)
        if args.keep_log:
            print(f"kept {os.path.relpath(log)}")
    if args.reuse_log:
        args.runs = len(found) // len(keys)
    namer = progwalk.Namer(dict(zip(smap.addrs, smap.names)))
    returns = {namer.address("native_irq_return_iret")}    # the iretq of every return by IRET
    if len(found) != len(keys) * args.runs:
        print(f"progs_linux.py: {len(found)} runs in the log, expected {len(keys) * args.runs}; "
              f"the console said:\n{console[-3000:]}", file=sys.stderr)
        return 1
    statuses = re.findall(r"linux-ref: ran (\S+): wait status (\S+)", console)
    bad = [s for s in statuses if s[1] != "0"]
    if bad:
        print(f"progs_linux.py: runs that did not exit with status 0: {bad}", file=sys.stderr)
        return 1

    programs = {}
    for n, key in enumerate(keys):
        title, path, args_ = progwalk.PROGRAMS[key]
        entry = progwalk.entry_point(path)
        runs = []
        for startup, win in found[n * args.runs:(n + 1) * args.runs]:
            if win[0] != entry:
                print(f"progs_linux.py: {title}: a window begins at {win[0]:#x}, not at {entry:#x}",
                      file=sys.stderr)
                return 1
            r = progwalk.analyse(win, namer, LINUX_ENTRIES, returns)
            r["startup"] = startup
            runs.append(r)
        clean = [r for r in runs if "timer interrupt" not in r["breakdown"]] or runs
        counts = sorted(r["kernel_instructions"] for r in clean)
        median = statistics.median_low(counts)
        chosen = next(r for r in clean if r["kernel_instructions"] == median)
        programs[key] = {
            "title": title, "argv": [path, *args_],
            "kernel_instructions": median,
            "runs": [r["kernel_instructions"] for r in runs],
            "timer_in_run": ["timer interrupt" in r["breakdown"] for r in runs],
            "startup": statistics.median_low([r["startup"] for r in runs]),
            "median_run": {k: chosen[k] for k in ("kernel_instructions", "architectural_instructions",
                                                   "user_instructions", "while_running", "exit",
                                                   "breakdown")},
            "per_function_top": dict(list(chosen["per_function"].items())[:40]),
        }
        print(f"{title}: {median} kernel instructions (median of {len(clean)} runs without a timer "
              f"tick; all runs: {programs[key]['runs']}), start-up {programs[key]['startup']}")
        for k, b in list(chosen["breakdown"].items())[:10]:
            print(f"  {b['instructions']:8d}  {k}" + (f" (x{b['times']})" if b["times"] > 1 else ""))
    base = programs[progwalk.BASE]["kernel_instructions"]
    mean_base = statistics.mean(programs[progwalk.BASE]["runs"])
    result = {
        "kernel": f"Debian 12 {args.package} {version}",
        "qemu": subprocess.run(["qemu-system-x86_64", "--version"], stdout=subprocess.PIPE,
                               text=True).stdout.splitlines()[0],
        "cpu": args.cpu, "options": args.options,
        "measured": datetime.date.today().isoformat(),
        "method": "scripts/linux-ref/progs_linux.py: -icount shift=0, singlestep, log exec,nochain; "
                  "kernel instructions from the program's first instruction to the parent's return "
                  "from wait4, median of the runs without a timer interrupt",
        "runs": args.runs,
        "programs": programs,
        "beyond_exit0": {k: p["kernel_instructions"] - base for k, p in programs.items() if k != progwalk.BASE},
        # The mean of every run, ticks and batched exits kept, beyond exit0's mean: what a run
        # costs on average, less stable from boot to boot than the median.
        "mean_beyond_exit0": {k: round(statistics.mean(p["runs"]) - mean_base)
                              for k, p in programs.items() if k != progwalk.BASE},
    }
    print("beyond exit0: " + ", ".join(f"{programs[k]['title']} {v}" for k, v in result["beyond_exit0"].items())
          + "; means of all runs: " + ", ".join(str(v) for v in result["mean_beyond_exit0"].values()))
    pathlib.Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {os.path.relpath(args.json)}")
    if args.update_docs:
        docs = json.loads(measure.DOCS_JSON.read_text())
        docs["programs"] = result
        measure.DOCS_JSON.write_text(json.dumps(docs, indent=1) + "\n")
        print(f"updated {measure.DOCS_JSON.relative_to(ROOT)}; check docs/linux-reference.md agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
