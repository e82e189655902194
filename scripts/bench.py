#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: what a null system call costs, trapdoor beside Linux.

Measures, for getpid() through SYSCALL and through int $0x80, and for a 32-bit
program's getpid through int $0x80, SYSENTER and SYSCALL32 (its vDSO's):
  - instructions per round trip, two independent ways:
      A. build/user/bench.elf (user/bench.c) booted with -icount shift=0, where
         the guest TSC advances once per instruction: rdtsc around n and 2n
         round trips, (ticks(2n) - ticks(n)) / n, minus the loop's own user
         instructions (counted in user/bench_asm.asm's .loop); for the 32-bit
         rows build/user/ia32/getpid32.elf (user/ia32/getpid32.c, the file
         Linux's 32-bit figures come from), booted on qemu64 (AMD: its vDSO
         enters by SYSCALL) and Haswell-noTSX-IBRS (Intel: SYSENTER), minus
         its loop's 4 user instructions and, through the vDSO, the vDSO's own
         (the walk counts them);
      B. scripts/walk.py: QEMU's log of every instruction of one round trip;
  - cycles per round trip: rdtscp around 100 000 round trips, booted without
    -icount (under TCG the TSC follows the host's clock, so these are
    emulation cycles, not a CPU's; ACCEL=kvm gives real ones);
  - boot: host wall time from starting QEMU to bench's main();
  - the kernel's section sizes and the size of __x64_sys_write/__ia32_sys_write;
and, for whole real programs (a static musl hello and glibc hello, busybox
echo hi), the kernel instructions each costs from its first instruction to
its exit, beyond what exit0 (an exit_group and nothing else) costs, and the
start-up before its first instruction (scripts/progwalk.py says how).
Linux's figures come from docs/linux-reference.json (docs/linux-reference.md
says how they were measured; scripts/linux-ref/measure.py, walk_linux.py and
progs_linux.py re-measure them).
Prints a table and writes build/bench.json (and build/walk.json, build/progwalk.json).

  python3 scripts/bench.py [--json build/bench.json]
"""
import argparse
import concurrent.futures
import importlib.util
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
KERNEL = BUILD / "trapdoor.elf"
BENCH_ELF = BUILD / "user" / "bench.elf"
LINUX_REF = ROOT / "docs" / "linux-reference.json"
TARGETS = {"syscall": 100, "int80": 110}        # kernel instructions per getpid round trip, at most
ENTRY_NAMES = {"syscall": "SYSCALL", "int80": "int $0x80"}
CYCLES_N = 100000                               # user/bench.c
SECTIONS = [".boot", ".text", ".rodata", ".data", ".bss"]
SIZED_SYMBOLS = ["__x64_sys_write", "__ia32_sys_write"]
SIGNAL_HANDLER_USER = 3                         # bench_sig_handler's ret, __restore_rt's mov and syscall
GETPID32_ELF = BUILD / "user" / "ia32" / "getpid32.elf"
GETPID32_LOOP_USER = 4                          # mov, int $0x80 or call *%edi, dec, jnz (getpid32_loop.S)
# The 32-bit rows: (key, title, -cpu, kernel options, getpid32's loop, walk.py's entry, Linux's figure
# in docs/linux-reference.json's measured_ia32: (its cpu, int80 or vdso)).
IA32_ROWS = [
    ("int80_32", "int $0x80 (qemu64)", "qemu64", "", "int80", "int80_32", ("qemu64", "int80")),
    ("int80_32_intel", "int $0x80 (Haswell)", "Haswell-noTSX-IBRS", "", "int80", None,
     ("Haswell-noTSX-IBRS", "int80")),
    ("sysenter", "SYSENTER, vDSO (Haswell)", "Haswell-noTSX-IBRS", "", "vdso", "sysenter",
     ("Haswell-noTSX-IBRS", "vdso")),
    ("syscall32", "SYSCALL32, vDSO (qemu64)", "qemu64", "", "vdso", "syscall32", ("qemu64", "vdso")),
    ("vdso_int80", "int $0x80, vDSO (vdso32=int80)", "qemu64", "vdso32=int80", "vdso", None, None),
]
VDSO_INT80_USER = 12                            # __kernel_vsyscall with vdso32=int80: 3 pushes, 4 nops,
                                                # int $0x80, 3 pops, ret


def load_walk():
    spec = importlib.util.spec_from_file_location("walk", ROOT / "scripts" / "walk.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


walk = load_walk()
_spec = importlib.util.spec_from_file_location("progwalk", ROOT / "scripts" / "progwalk.py")
progwalk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(progwalk)


def boot_bench(iso, accel, qemu_flags=(), timeout=120):
    """Boot the bench ISO through qemu-run.sh. Returns (console, seconds to main(), status)."""
    start = time.monotonic()
    proc = subprocess.Popen(["sh", str(ROOT / "scripts" / "qemu-run.sh"), str(iso), *qemu_flags],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            cwd=ROOT, env=dict(os.environ, ACCEL=accel), start_new_session=True)
    # qemu-run.sh and its QEMU form their own process group: stop both if the boot hangs.
    watchdog = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
    watchdog.start()
    out, to_main = b"", None
    try:
        for line in iter(proc.stdout.readline, b""):
            out += line
            if to_main is None and b"bench: tsc at main" in line:
                to_main = time.monotonic() - start
    finally:
        watchdog.cancel()
        status = proc.wait()
    return out.decode(errors="replace").replace("\r\n", "\n"), to_main, status


def parse_bench(console):
    """{(entry, tsc insn, calls): ticks} and the TSC at main from bench.c's lines."""
    runs = {(e, insn, int(n)): int(t) for e, insn, n, t in
            re.findall(r"^bench: (\w+) (rdtscp?) (\d+) calls (\d+) ticks$", console, re.M)}
    m = re.search(r"^bench: tsc at main (\d+)$", console, re.M)
    if "bench: done" not in console or not m:
        raise SystemExit("bench.py: bench.elf did not finish; its console said:\n" + console[-3000:])
    return runs, int(m.group(1))


def loop_user_instructions(insns, entry):
    """Instructions in bench_ENTRY_rdtsc's .loop: the user side of one round trip."""
    n = sum(1 for f, _, _ in insns.values() if f == f"bench_{entry}_rdtsc.loop")
    if n == 0:
        raise SystemExit(f"bench.py: no bench_{entry}_rdtsc.loop in {BENCH_ELF}")
    return n


def kernel_sizes():
    out = subprocess.run(["readelf", "-SW", str(KERNEL)], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    sizes = {}
    for m in re.finditer(r"\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)", out):
        if m.group(1) in SECTIONS:
            sizes[m.group(1)] = int(m.group(2), 16)
    syms = {}
    out = subprocess.run(["nm", "-S", str(KERNEL)], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    for line in out.splitlines():
        p = line.split()
        if len(p) == 4 and p[3] in SIZED_SYMBOLS:
            syms[p[3]] = int(p[1], 16)
    return sizes, syms


def boot_getpid32(cpu, cmdline):
    """getpid32.elf under -icount on cpu: {(loop, calls): ticks}, and the console."""
    tag = f"getpid32-{cpu}" + ("-" + cmdline.replace("=", "-") if cmdline else "")
    iso = BUILD / "bench" / f"{tag}.iso"
    iso.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["sh", str(ROOT / "scripts" / "mkiso.sh"), str(iso), str(KERNEL), cmdline, str(GETPID32_ELF)],
                   check=True, cwd=ROOT)
    console, _, _ = boot_bench(iso, "tcg", ["-icount", "shift=0", "-cpu", cpu])
    runs = {(e, int(n)): int(t) for e, n, t in
            re.findall(r"^getpid32: (\w+) rdtsc (\d+) calls (\d+) ticks$", console, re.M)}
    if "getpid32: done" not in console:
        raise SystemExit("bench.py: getpid32.elf did not finish; its console said:\n" + console[-3000:])
    return runs, console


def ia32_rows(runs, walked, ref):
    """The 32-bit rows: kernel instructions per round trip, -icount and walk, beside Linux's."""
    linux = {(c["cpu"], e): c[e]["kernel"] for c in ref.get("measured_ia32", {}).get("configs", [])
             for e in ("int80", "vdso") if c.get(e)}
    rows = {}
    for key, title, cpu, cmdline, loop, wkey, lkey in IA32_ROWS:
        r = runs[(cpu, cmdline)]
        (n1, n2) = sorted(n for e, n in r if e == loop)[:2]
        total = (r[(loop, n2)] - r[(loop, n1)]) / (n2 - n1)
        w = walked["entries"].get(wkey) if wkey else None
        if loop == "int80":
            user = GETPID32_LOOP_USER
        elif w:                         # the vDSO's instructions the walk saw, and the entry itself
            user = GETPID32_LOOP_USER + len(w["vdso_before"]) + 1 + len(w["vdso_after"])
        else:
            user = GETPID32_LOOP_USER + VDSO_INT80_USER
        lx = linux.get(lkey) if lkey else None
        rows[key] = {"title": title, "cpu": cpu, "options": cmdline,
                     "icount": {"total": total, "user": user, "kernel": total - user, "calls": [n1, n2]},
                     "walk": w and {"kernel": w["kernel_instructions"], "exit": w["exit"],
                                    "per_function": w["per_function"]},
                     "linux": lx, "target_kernel_max": int(lx / 3) if lx else None}
    return rows


def measure(accel):
    isos = {}
    for kind, args in (("instructions", " instructions"), ("cycles", "")):
        isos[kind] = BUILD / "bench" / f"{kind}.iso"
        isos[kind].parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["sh", str(ROOT / "scripts" / "mkiso.sh"), str(isos[kind]), str(KERNEL), "",
                        f"{BENCH_ELF}{args}"], check=True, cwd=ROOT)
    # The walks and the -icount boot count instructions: running them side by side changes
    # nothing. The timed boot runs alone afterwards.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        walk_job = pool.submit(walk.walk)
        icount_job = pool.submit(boot_bench, isos["instructions"], "tcg", ["-icount", "shift=0"])
        progs_job = pool.submit(progwalk.measure)
        ia32_jobs = {(cpu, opts): pool.submit(boot_getpid32, cpu, opts)
                     for cpu, opts in dict.fromkeys((r[2], r[3]) for r in IA32_ROWS)}
        walked = walk_job.result()
        icount_console, _, _ = icount_job.result()
        ia32_runs = {k: j.result()[0] for k, j in ia32_jobs.items()}
        try:
            progs = progs_job.result()
        except progwalk.ProgWalkError as e:       # still print the rest
            progs = {"error": str(e)}
    timed_console, to_main, _ = boot_bench(isos["cycles"], accel)
    icount_runs, icount_tsc_at_main = parse_bench(icount_console)
    timed_runs, _ = parse_bench(timed_console)

    bench_insns = walk.disassemble(BENCH_ELF)
    entries = {}
    for entry in ("syscall", "int80"):
        (_, _, n1), (_, _, n2) = sorted(k for k in icount_runs if k[0] == entry)
        total = (icount_runs[(entry, "rdtsc", n2)] - icount_runs[(entry, "rdtsc", n1)]) / (n2 - n1)
        user = loop_user_instructions(bench_insns, entry)
        [(key, ticks)] = [(k, v) for k, v in timed_runs.items() if k[0] == entry and k[2] == CYCLES_N]
        w = walked["entries"][entry]
        entries[entry] = {
            "icount": {"total": total, "user": user, "kernel": total - user, "calls": [n1, n2]},
            "walk": {"kernel": w["kernel_instructions"], "architectural": w["architectural_instructions"],
                     "user": w["user_instructions"], "per_function": w["per_function"],
                     "stages": w["stages"], "rep": w["rep"]},
            "cycles": {"per_round_trip": ticks / key[2], "calls": key[2], "tsc": key[1],
                       "emulated": accel != "kvm"},
            "target_kernel_max": TARGETS[entry],
        }
    # A signal round trip: kill(getpid(), SIGUSR1), delivery, an empty handler, rt_sigreturn.
    (_, _, n1), (_, _, n2) = sorted(k for k in icount_runs if k[0] == "signal")
    total = (icount_runs[("signal", "rdtsc", n2)] - icount_runs[("signal", "rdtsc", n1)]) / (n2 - n1)
    user = loop_user_instructions(bench_insns, "signal") + SIGNAL_HANDLER_USER
    signal_round_trip = {"total": total, "user": user, "kernel": total - user, "calls": [n1, n2]}
    sizes, syms = kernel_sizes()
    return {
        "accel": accel, "cpu": "host" if accel == "kvm" else "max",
        "entries": entries,
        "signal": signal_round_trip,
        "boot": {"seconds_to_main": to_main,
                 "icount_tsc_at_main": icount_tsc_at_main,
                 "note": "seconds: host wall time from starting QEMU to bench's main(), SeaBIOS, "
                         "GRUB and the kernel's set-up included. The -icount TSC at main() is not an "
                         "instruction count: while the firmware waits (hlt), -icount moves the "
                         "clock on by the time skipped."},
        "kernel_sections": sizes,
        "symbol_sizes": syms,
        "programs": programs_summary(progs),
        "ia32": ia32_rows(ia32_runs, walked, json.loads(LINUX_REF.read_text())),
    }, walked, progs


def programs_summary(progs):
    """build/bench.json's view of scripts/progwalk.py's result."""
    if "error" in progs:
        return progs
    out = {"method": progs["method"], "base": progs["base"], "programs": {}}
    for key, r in progs["programs"].items():
        out["programs"][key] = {
            "title": r["title"], "argv": r["argv"],
            "kernel_instructions": r["kernel_instructions"],
            "beyond_exit0": progs["beyond_exit0"].get(key),
            "user_instructions": r["user_instructions"],
            "startup": r["startup"],
            "breakdown": {k: v["instructions"] for k, v in r["breakdown"].items()}}
    return out


def programs_targets(summary, ref):
    """Each program's target, a third of Linux's figure beyond exit0, into the summary."""
    lin = ref["reference"].get("programs")
    if lin and "error" not in summary:
        for key, p in summary["programs"].items():
            if key in lin and "beyond_exit0" in lin[key]:
                p["target_beyond_exit0_max"] = int(lin[key]["beyond_exit0"] * progwalk.TARGET_FRACTION)


def fmt(x):
    return f"{x:.0f}" if x == int(x) else f"{x:.1f}"


def table(r, ref):
    """The printed report."""
    lin = ref["reference"]
    lines = []
    accel = "KVM" if r["accel"] == "kvm" else "TCG"
    lines.append(f"getpid() round trip: trapdoor beside {lin['label']}  (QEMU, {accel})")
    lines.append("")
    lines.append(f"{'kernel instructions per':<24}{'trapdoor':>16}{lin['label']:>20}   target")
    lines.append(f"{'getpid() round trip':<24}" + f"{'-icount':>9}{'walk':>7}" * 2)
    for e in ("syscall", "int80"):
        d = r["entries"][e]
        a, b = d["icount"]["kernel"], d["walk"]["kernel"]
        target = d["target_kernel_max"]
        verdict = "met" if max(a, b) <= target else "NOT MET"
        star = "*" if lin[e].get("note") else " "
        la, lb = fmt(lin[e]["kernel"]) + star, str(lin[e].get("walk", "-")) + star
        lines.append(f"  {ENTRY_NAMES[e]:<22}{fmt(a):>9}{b:>7}{la:>10}{lb:>7}   <= {target} {verdict}")
    s = r["entries"]["syscall"]
    lines.append(f"  user instructions per round trip: {fmt(s['icount']['user'])} in bench's loop "
                 f"(mov, the entry instruction, dec, jnz); Linux measured with the same loop")
    for e in ("syscall", "int80"):
        d = r["entries"][e]
        a, b = d["icount"]["kernel"], d["walk"]["kernel"]
        if a != b:
            lines.append(f"  {ENTRY_NAMES[e]}: -icount and the walk differ by {fmt(a - b)}: "
                         + ("the walk passed rep string instructions; under -icount QEMU runs each "
                            "once more, with rcx = 0, and counts that too" if d["walk"]["rep"]
                            else "unexpected: see build/walk.json"))
        elif d["walk"]["architectural"] != b:
            lines.append(f"  {ENTRY_NAMES[e]}: both count rep iterations; "
                         f"{d['walk']['architectural']} architectural instructions")
    if all(r["entries"][e]["icount"]["kernel"] == r["entries"][e]["walk"]["kernel"] for e in TARGETS):
        lines.append("  -icount and the walk agree exactly for both entries.")
    for e in ("syscall", "int80"):
        if lin[e].get("note"):
            lines.append(f"  * Linux {ENTRY_NAMES[e]}: {lin[e]['note']}")
    sig, lsig = r["signal"], lin.get("signal", {})
    lines.append(f"  {'signal round trip':<22}{fmt(sig['kernel']):>9}{'':>7}{fmt(lsig.get('kernel', '-')) + '*':>10}"
                 f"{'':>7}   <= {fmt(lsig['kernel'] / 3) if lsig else '-'} "
                 f"{'met' if lsig and sig['kernel'] <= lsig['kernel'] / 3 else 'NOT MET'}")
    lines.append(f"  signal round trip: kill(getpid(), SIGUSR1), delivery, an empty SA_RESTORER handler, "
                 f"rt_sigreturn; {fmt(sig['user'])} user instructions left out")
    if lsig.get("note"):
        lines.append(f"  * Linux signal round trip: {lsig['note']}")
    lines.append("")
    lines += ia32_table(r["ia32"])
    lines.append("")
    lines.append(f"{'SYSCALL by stage':<20}" + "".join(f"{h:>12}" for h in
                 ("entry asm", "C dispatch", "the call", "C exit", "exit asm")))
    st = s["walk"]["stages"]
    if st:
        lines.append(f"  {'trapdoor':<18}" + "".join(f"{v:>12}" for v in st.values()))
    if lin.get("syscall_stages"):
        lines.append(f"  {lin['label']:<18}" + "".join(f"{v:>12}" for v in lin["syscall_stages"].values()))
    lines.append("")
    label = "cycles" if r["accel"] == "kvm" else "emulated (TCG): not real cycles"
    lines.append(f"cycles per round trip, {s['cycles']['tsc']} around {s['cycles']['calls']} calls: {label}")
    for e in ("syscall", "int80"):
        lines.append(f"  {ENTRY_NAMES[e]:<22}{fmt(round(r['entries'][e]['cycles']['per_round_trip'])):>9}")
    lines.append("")
    b = r["boot"]
    secs = f"{b['seconds_to_main']:.2f} s" if b["seconds_to_main"] is not None else "?"
    lines.append(f"boot: {secs} host wall time from starting QEMU to the first program's main() "
                 f"(SeaBIOS, GRUB, kernel)")
    lines.append("kernel size (bytes): " + "  ".join(f"{k} {v}" for k, v in r["kernel_sections"].items()))
    lines.append("  " + ", ".join(f"{k} {v} bytes" for k, v in r["symbol_sizes"].items()))
    return "\n".join(lines)


def ia32_table(rows):
    """The 32-bit rows of the printed report."""
    lines = [f"{'32-bit getpid() (i386)':<32}{'trapdoor':>16}{'Linux 6.1':>10}   target (a third)   exit",
             f"{'':<32}{'-icount':>9}{'walk':>7}"]
    for key, d in rows.items():
        a = d["icount"]["kernel"]
        b = d["walk"]["kernel"] if d["walk"] else None
        target = d["target_kernel_max"]
        verdict = (f"<= {target} {'met' if max(a, b or 0) <= target else 'NOT MET'}" if target else "-")
        lines.append(f"  {d['title']:<30}{fmt(a):>9}{b if b is not None else '-':>7}"
                     f"{fmt(d['linux']) if d['linux'] else '-':>10}   {verdict:<18} "
                     f"{d['walk']['exit'] if d['walk'] else ''}")
    lines.append("  user/ia32/getpid32.c, the program Linux's figures come from (docs/linux-reference.json, "
                 "measured_ia32); user instructions left out:")
    lines.append("  the loop's 4, and through the vDSO its own 9 (push ecx, edx, ebp; mov; the entry; "
                 "pop ebp, edx, ecx; ret)")
    for key, d in rows.items():
        b = d["walk"]["kernel"] if d["walk"] else None
        if b is not None and b != d["icount"]["kernel"]:
            lines.append(f"  {d['title']}: -icount and the walk differ by {fmt(d['icount']['kernel'] - b)}: "
                         "unexpected: see build/walk.json")
    return lines


def programs_table(r, ref):
    """The real programs' rows: trapdoor beside Linux, and the target."""
    if "error" in r["programs"]:
        return "whole programs: not measured: " + r["programs"]["error"]
    base_key = r["programs"]["base"]
    progs = r["programs"]["programs"]
    lin = ref["reference"].get("programs")
    label = ref["reference"]["label"]

    def linux(key, field):
        return lin[key][field] if lin else None

    def row(title, a, b, tail=""):
        return f"  {title:<34}{a:>10}{b if b is not None else '-':>16}{tail}"

    lines = [f"{'whole programs: kernel instructions':<36}{'trapdoor':>10}{label:>16}   target",
             f"{'first instruction to exit, beyond exit0':<62}   (a third)"]
    for key, p in progs.items():
        if key == base_key:
            continue
        lx = linux(key, "beyond_exit0")
        target = p.get("target_beyond_exit0_max")
        verdict = f"   <= {target} {'met' if p['beyond_exit0'] <= target else 'NOT MET'}" if target else ""
        lines.append(row(p["title"], p["beyond_exit0"], lx, verdict))
    lines.append(row("exit0 itself", progs[base_key]["kernel_instructions"], linux(base_key, "kernel_instructions")))
    lines.append("start-up: loading, up to the first instruction (not in the rows above)")
    for key, p in progs.items():
        lines.append(row(p["title"], p["startup"], linux(key, "startup")))
    lines.append("  trapdoor copies and zeroes all of a program before it starts; Linux maps it, and")
    lines.append("  page faults bring it in later, in the rows above. Both together, beyond exit0's:")
    b = progs[base_key]["startup"] + progs[base_key]["kernel_instructions"]
    lb = linux(base_key, "startup") + linux(base_key, "kernel_instructions") if lin else None
    for key, p in progs.items():
        if key != base_key:
            lx = linux(key, "startup") + linux(key, "kernel_instructions") - lb if lin else None
            lines.append(row(p["title"], p["startup"] + p["kernel_instructions"] - b, lx))
    if lin:
        lines += textwrap.wrap(f"Linux: {lin['note']}", 100, initial_indent="  ", subsequent_indent="  ")
    lines.append("  where the instructions go: build/progwalk.json (python3 scripts/progwalk.py prints it), "
                 "docs/design.md")
    return "\n".join(lines)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default=str(BUILD / "bench.json"))
    args = ap.parse_args(argv)
    accel = os.environ.get("ACCEL", "tcg")
    ref = json.loads(LINUX_REF.read_text())
    try:
        result, walked, progs = measure(accel)
    except walk.WalkError as e:
        print(f"bench.py: the walk failed: {e}", file=sys.stderr)
        return 1
    result["linux_reference"] = ref["reference"]
    programs_targets(result["programs"], ref)
    (BUILD / "walk.json").write_text(json.dumps(walked, indent=1) + "\n")
    if "error" not in progs:
        (BUILD / "progwalk.json").write_text(json.dumps(progs, indent=1) + "\n")
    pathlib.Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    print(table(result, ref))
    print()
    print(programs_table(result, ref))
    print(f"\n(details: {os.path.relpath(args.json)}, build/walk.json, build/progwalk.json; "
          f"per-instruction walk: make walk)")
    return 1 if "error" in progs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
