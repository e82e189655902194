#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make experiments: every build variant of the SYSCALL path, measured side by side.

Builds the default kernel and each VARIANT (Makefile; docs/experiments.md), then
for each, with the default build's user programs:
  - scripts/walk.py's walk of one getpid round trip per entry (every entry
    walk.py knows: the list grows as entries are added; the 32-bit ones only
    for the variants that change their path, IA32_VARIANTS), its kernel
    instructions, and from its instruction log the slow, serializing ones
    (SLOW), which an instruction count alone treats like any other;
  - user/bench.c under -icount shift=0 (as scripts/bench.py does): the same
    count a second way, for the entries bench.c measures;
  - the default kernel's text, and what its pt_regs wrappers and the system
    call metadata take of it (from nm -S).
Each variant is held to tests/bench/experiments.json (10 % slack, as
tests/bench/instructions.json holds the default). --write fills
scripts/experiments.tmpl's tables into docs/experiments.md.

  python3 scripts/experiments.py [--only VARIANT] [--write docs/experiments.md] [--record]
"""
import argparse
import concurrent.futures
import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
VARIANTS = ["default", "fastpath", "noclear", "sysret-flag", "iret-only"]
# The variants whose code is on the 32-bit entries' paths: only these walk them too (two
# boots more each). fastpath, sysret-flag and iret-only change the 64-bit SYSCALL path alone,
# so their 32-bit figures are the default's: the tables show "-" there.
IA32_VARIANTS = {"default", "noclear"}
GUARD = ROOT / "tests" / "bench" / "experiments.json"
TEMPLATE = ROOT / "scripts" / "experiments.tmpl"
SLACK = 1.10
COMMAND = "make experiments"
# The slow instructions: serializing, or a privilege or address-space switch.
SLOW = {"swapgs": "swapgs", "sysretq": "sysret", "sysret": "sysret", "sysretd": "sysret", "sysexit": "sysexit",
        "sysexitd": "sysexit",
        "iretq": "iret", "iretd": "iret", "iret": "iret", "popfq": "popf", "popf": "popf",
        "wrmsr": "wrmsr", "rdmsr": "rdmsr", "cpuid": "cpuid", "lfence": "lfence", "mfence": "mfence",
        "verw": "verw", "invlpg": "invlpg"}


def load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


walk = load("walk")


def build_dir(variant):
    return BUILD if variant == "default" else BUILD / f"variant-{variant}"


def build(variant):
    """make the variant's kernel (the default's is built by make experiments already)."""
    if variant == "default":
        return
    p = subprocess.run(["make", "--no-print-directory", f"VARIANT={variant}", "kernel"], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        raise SystemExit(f"experiments.py: make VARIANT={variant} kernel failed:\n{p.stdout[-3000:]}")


def slow_instructions(entry):
    """{kind: count} of the SLOW instructions in one walked entry's kernel rows
    (and MOV to CR3)."""
    found = {}
    for row in entry["trace"][1:-1]:
        words = row["text"].split()
        kind = SLOW.get(words[0]) if words else None
        if words and words[0] == "mov" and words[1].startswith("cr3"):
            kind = "mov cr3"
        if kind:
            found[kind] = found.get(kind, 0) + 1
    return found


def icount(kernel):
    """{entry: kernel instructions per getpid} from bench.elf under -icount shift=0."""
    bench = load("bench")
    iso = kernel.parent / "experiments-icount.iso"
    subprocess.run(["sh", str(ROOT / "scripts" / "mkiso.sh"), str(iso), str(kernel), "",
                    f"{bench.BENCH_ELF} instructions"], check=True, cwd=ROOT)
    console, _, _ = bench.boot_bench(iso, "tcg", ["-icount", "shift=0"], timeout=90)
    runs, _ = bench.parse_bench(console)
    insns = walk.disassemble(bench.BENCH_ELF)
    out = {}
    for entry in sorted({k[0] for k in runs} - {"signal"}):
        (_, _, n1), (_, _, n2) = sorted(k for k in runs if k[0] == entry)[:2]
        per = (runs[(entry, "rdtsc", n2)] - runs[(entry, "rdtsc", n1)]) / (n2 - n1)
        out[entry] = per - bench.loop_user_instructions(insns, entry)
    return out


def init_checks(kernel, variant):
    """(passed, what): init and sysretcheck on this kernel: every check of theirs must pass."""
    iso = kernel.parent / "experiments-init.iso"
    subprocess.run(["sh", str(ROOT / "scripts" / "mkiso.sh"), str(iso), str(kernel), "",
                    "build/user/init.elf, build/user/sysretcheck.elf"], check=True, cwd=ROOT)
    p = subprocess.run(["sh", str(ROOT / "scripts" / "qemu-run.sh"), str(iso)], cwd=ROOT, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120,
                       env=dict(os.environ, ACCEL="tcg"))
    passed = len(re.findall(r"^ok \d+", p.stdout, re.M))
    failed = re.findall(r"^not ok \d+ .*", p.stdout, re.M)
    good = p.returncode == 0 and not failed and passed > 0
    return good, f"{passed} passed" if good else f"FAILED ({len(failed)} not ok, qemu-run.sh status {p.returncode})"


def measure(variant):
    """One variant's figures, per entry, and whether init's checks pass on it."""
    d = build_dir(variant)
    kernel = d / "trapdoor.elf"
    init_ok, init_what = init_checks(kernel, variant)
    w = walk.walk(kernel, walk.WALK_ELF, "max", d / "arch" / "x86" / "entry" / "entry_64.o",
                  ia32=variant in IA32_VARIANTS)
    ic = icount(kernel)
    entries = {}
    for name, e in w["entries"].items():
        entries[name] = {"kernel_instructions": e["kernel_instructions"], "icount": ic.get(name),
                         "slow": slow_instructions(e), "per_function": e["per_function"],
                         "title": e["title"]}
    return {"entries": entries, "text": sizes(kernel)["text"], "init_ok": init_ok, "init": init_what}


def sizes(kernel):
    """.text, and the bytes of the wrappers and metadata, from readelf and nm -S."""
    out = subprocess.run(["readelf", "-SW", str(kernel)], stdout=subprocess.PIPE, text=True, check=True).stdout
    sec = {m.group(1): int(m.group(2), 16) for m in
           re.finditer(r"\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)", out)}
    syms = subprocess.run(["nm", "-S", str(kernel)], stdout=subprocess.PIPE, text=True, check=True).stdout
    r = {"text": sec[".text"], "rodata": sec.get(".rodata", 0), "x64_wrappers": 0, "ia32_wrappers": 0,
         "metadata_records": 0, "metadata_arrays": 0, "calls": 0}
    for line in syms.splitlines():
        p = line.split()
        if len(p) != 4:
            continue
        size, name = int(p[1], 16), p[3]
        if name.startswith("__x64_sys_"):
            r["x64_wrappers"] += size
            r["calls"] += 1
        elif name.startswith("__ia32_sys_"):
            r["ia32_wrappers"] += size
        elif name.startswith("__syscall_meta_"):
            r["metadata_records"] += size
        elif name.startswith(("__sc_types_", "__sc_args_")):
            r["metadata_arrays"] += size
    return r


def guard(results):
    """[(ok, line)]: each variant's entries against tests/bench/experiments.json."""
    base = json.loads(GUARD.read_text())
    lines = []
    for variant, r in results.items():
        for entry, e in r["entries"].items():
            was = base["variants"].get(variant, {}).get(entry)
            if was is None:
                lines.append((True, f"{variant} {entry}: {e['kernel_instructions']} (nothing recorded yet)"))
                continue
            cur = e["kernel_instructions"]
            lines.append((cur <= was * SLACK, f"{variant} {entry}: {cur} kernel instructions per getpid, "
                          f"recorded {was}, limit {int(was * SLACK)}"))
    return lines


def record(results):
    base = {"about": "Kernel instructions per getpid round trip of each build variant, as scripts/walk.py "
                     "counts them. make experiments and make VARIANT=NAME bench fail if one needs more than "
                     "10 % above this. Refresh with: python3 scripts/experiments.py --record",
            "variants": {v: {e: d["kernel_instructions"] for e, d in r["entries"].items()}
                         for v, r in results.items()}}
    if GUARD.exists():
        old = json.loads(GUARD.read_text())["variants"]
        base["variants"] = {**old, **base["variants"]}
    GUARD.write_text(json.dumps(base, indent=1) + "\n")


def fmt_slow(slow):
    return ", ".join(f"{k} {n}" for k, n in sorted(slow.items())) or "-"


def label(entry):
    """A table column's name: the entry, from its walk's title ("32-bit int $0x80")."""
    title = entry["title"]
    return ("32-bit " if title.startswith("32-bit") else "") + title.split(" through ")[-1]


def tables(results, size, seconds):
    """The generated parts of docs/experiments.md, by placeholder."""
    default = results["default"]["entries"]
    entries = list(default)
    rows = ["| variant | " + " | ".join(f"{label(default[e])}: walk / -icount"
                                        for e in entries) + " | text bytes | init and sysretcheck |",
            "|---|" + "---|" * len(entries) + "---:|---|"]
    for v, r in results.items():
        cells = []
        for e in entries:
            d = r["entries"].get(e)
            if not d:
                cells.append("-")
                continue
            delta = d["kernel_instructions"] - default[e]["kernel_instructions"]
            ic = "-" if d["icount"] is None else f"{d['icount']:.0f}"
            cells.append(f"{d['kernel_instructions']} / {ic}" + (f" ({delta:+d})" if v != "default" else ""))
        rows.append(f"| {v} | " + " | ".join(cells) + f" | {r['text']} | {r['init']} |")
    slow = ["| variant | " + " | ".join(label(default[e]) for e in entries) + " |",
            "|---|" + "---|" * len(entries)]
    for v, r in results.items():
        slow.append(f"| {v} | " + " | ".join(fmt_slow(r["entries"][e]["slow"]) if e in r["entries"] else "-"
                                            for e in entries) + " |")
    t = size["text"]
    pct = lambda n, whole: f"{100 * n / whole:.2f} %"
    sizes_rows = [
        "| what | bytes | of .text |", "|---|---:|---:|",
        f"| .text, the default kernel | {t} | 100 % |",
        f"| the {size['calls']} `__x64_sys_*` wrappers | {size['x64_wrappers']} | {pct(size['x64_wrappers'], t)} |",
        f"| the `__ia32_sys_*` wrappers | {size['ia32_wrappers']} | {pct(size['ia32_wrappers'], t)} |",
        f"| .text without the ia32 wrappers | {t - size['ia32_wrappers']} | {pct(t - size['ia32_wrappers'], t)} |",
        f"| metadata records (`__syscalls_metadata`, .rodata) | {size['metadata_records']} | "
        f"{pct(size['metadata_records'], size['rodata'])} of .rodata |",
        f"| metadata type/name arrays (strings not counted) | {size['metadata_arrays']} | "
        f"{pct(size['metadata_arrays'], size['rodata'])} of .rodata |",
    ]
    fig = {f"{v}.{e}": r["entries"][e]["kernel_instructions"] for v, r in results.items() for e in r["entries"]}
    fill = {"COMMAND": COMMAND, "SECONDS": f"{seconds:.0f}", "INSTRUCTIONS": "\n".join(rows),
            "SLOW": "\n".join(slow), "SIZES": "\n".join(sizes_rows),
            "X64_PCT": pct(size["x64_wrappers"], t), "IA32_PCT": pct(size["ia32_wrappers"], t),
            "META_PCT": pct(size["metadata_records"] + size["metadata_arrays"], size["rodata"])}
    for k, n in fig.items():
        fill[k] = str(n)
    for v in results:
        for e in default:
            if e in results[v]["entries"]:
                fill[f"{v}.{e}.delta"] = f"{fig[f'{v}.{e}'] - fig[f'default.{e}']:+d}"
    return fill


def render(fill):
    text = TEMPLATE.read_text()
    missing = set(re.findall(r"\{\{([\w.-]+)\}\}", text)) - set(fill)
    if missing:
        raise SystemExit(f"experiments.py: {TEMPLATE.name} asks for {sorted(missing)}, not measured")
    return re.sub(r"\{\{([\w.-]+)\}\}", lambda m: fill[m.group(1)], text)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=VARIANTS, help="one variant (make VARIANT=NAME bench)")
    ap.add_argument("--write", metavar="MD", help="fill scripts/experiments.tmpl into this file")
    ap.add_argument("--record", action="store_true", help="write the counts to tests/bench/experiments.json")
    ap.add_argument("--json", default=str(BUILD / "experiments.json"))
    args = ap.parse_args(argv)
    start = time.monotonic()
    variants = [args.only] if args.only else VARIANTS
    # Two at a time: the machine has two cores, and each step is one make or one QEMU.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(build, variants))
        measured = dict(zip(variants, pool.map(measure, variants)))
    results = {v: measured[v] for v in variants}
    seconds = time.monotonic() - start
    pathlib.Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
    for v, r in results.items():
        print(f"{v:<12}" + "  ".join(f"{e} {d['kernel_instructions']} (-icount {d['icount']}) [{fmt_slow(d['slow'])}]"
                                     for e, d in r["entries"].items()))
    if args.record:
        record(results)
    checks = guard(results) + [(r["init_ok"], f"{v}: init's and sysretcheck's checks: {r['init']}")
                               for v, r in results.items()]
    for ok, line in checks:
        print(("ok   " if ok else "FAIL ") + line)
    if args.write:
        fill = tables(results, sizes(BUILD / "trapdoor.elf"), seconds)
        pathlib.Path(args.write).write_text(render(fill))
        print(f"experiments: wrote {args.write}")
    print(f"experiments: {len(variants)} builds measured in {seconds:.0f} s")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
