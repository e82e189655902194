#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make walk, on Linux: count every instruction of one getpid round trip.

Optional, like measure.py (whose download and initramfs it reuses). Boots the
reference initramfs with "-- walk": /init says "linux-ref: ready" and waits;
we turn on QEMU's one-instruction blocks and execution log through QMP, as
scripts/walk.py does for trapdoor, and send it a line. It makes three getpid
calls through each entry from loop.S's ref_walk_* functions; of the three
windows (entry instruction to the first user instruction after it) the
shortest is the one no timer interrupt landed in. Kernel addresses are named
from /proc/kallsyms, which /init copies out through a second serial port
(Debian's System.map is a placeholder; the real one is in the 850 MB -dbg
package); the assembly stages are the symbols in .entry.text, between
__entry_text_start and __entry_text_end.

QEMU logs a rep string instruction once per iteration, at the same address:
a repeated kernel address counts as one architectural instruction.

  python3 scripts/linux-ref/walk_linux.py [--cpu max] [--options mitigations=off]
"""
import argparse
import bisect
import importlib.util
import json
import pathlib
import re
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


walk = load("walk", ROOT / "scripts" / "walk.py")
measure = load("measure", HERE / "measure.py")

SECTION_MARK = re.compile(r"^_\w*_(start|end)$")
MARKERS = {"syscall": ("ref_walk_syscall", "SYSCALL"), "int80": ("ref_walk_int80", "int $0x80")}


def rank(name):
    if name.startswith(("__x64_sys_", "__ia32_sys_")):
        return 2
    return 0 if SECTION_MARK.search(name) else 1


class Symbols:
    """The kernel's text symbols, from /proc/kallsyms lines."""

    def __init__(self, path):
        by_addr = {}
        entry = {}
        for line in open(path, errors="replace"):
            parts = line.split()
            if len(parts) < 3 or parts[1] not in "Tt":
                continue
            addr, name = int(parts[0], 16), parts[2]
            if name in ("__entry_text_start", "__entry_text_end"):
                entry[name] = addr
            # Of the names one address has, prefer a system call wrapper (getpid's
            # __x64_sys_getpid is also __do_sys_getpid), and never a section
            # marker (__indirect_thunk_start) over a function.
            if addr not in by_addr or rank(name) > rank(by_addr[addr]):
                by_addr[addr] = name
        self.addrs = sorted(by_addr)
        self.names = [by_addr[a] for a in self.addrs]
        self.entry_text = (entry["__entry_text_start"], entry["__entry_text_end"])

    def function(self, addr):
        i = bisect.bisect_right(self.addrs, addr) - 1
        return self.names[i], addr - self.addrs[i]

    def asm_names(self):
        lo, hi = self.entry_text
        return {n for a, n in zip(self.addrs, self.names) if lo <= a < hi}


def user_marker(init, func, mnemonic):
    """Address of the first mnemonic instruction in func of the static /init."""
    insns = walk.disassemble(init)
    return walk.marker_address(insns, func, mnemonic)


def run(vmlinuz, initrd, cpu, options, workdir, timeout=300):
    log = workdir / "exec.log"
    qmp_path = workdir / "qmp.sock"
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", cpu, "-m", "256M", "-smp", "1",
           "-kernel", str(vmlinuz), "-initrd", str(initrd),
           "-append", f"console=ttyS0 nokaslr quiet {options} -- walk",
           "-display", "none", "-vga", "none", "-serial", "stdio", "-monitor", "none",
           "-serial", f"file:{workdir / 'kallsyms'}",
           "-qmp", f"unix:{qmp_path},server=on,wait=off", "-no-reboot"]
    deadline = time.monotonic() + timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        walk.read_until(proc, b"linux-ref: ready", deadline)
        qmp = walk.QMP(qmp_path, deadline)
        qmp.hmp(f"logfile {log}")
        qmp.hmp("singlestep on")
        qmp.hmp("log exec,nochain")
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
        walk.read_until(proc, b"linux-ref: walked", deadline)
        qmp.hmp("log none")
        qmp.close()
        walk.read_until(proc, b"linux-ref: kallsyms copied", deadline)
        proc.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    trace = []
    with open(log) as f:
        for line in f:
            m = walk.TRACE_RE.match(line)
            if m:
                trace.append(int(m.group(2), 16))
    return trace, Symbols(workdir / "kallsyms")


def windows(trace, start):
    """Every kernel stretch from the entry instruction at start back to user space."""
    out = []
    for i, pc in enumerate(trace):
        if pc == start:
            j = i + 1
            while j < len(trace) and trace[j] >= walk.USER_TOP:
                j += 1
            out.append(trace[i + 1:j])
    return out


def analyse(kernel_pcs, smap, asm):
    names = [smap.function(pc)[0] for pc in kernel_pcs]
    arch = sum(1 for i, pc in enumerate(kernel_pcs) if i == 0 or kernel_pcs[i - 1] != pc)
    per_function, path = {}, []
    for n in names:
        per_function[n] = per_function.get(n, 0) + 1
        if path and path[-1][0] == n:
            path[-1][1] += 1
        else:
            path.append([n, 1])
    return {"kernel_instructions": len(kernel_pcs), "architectural_instructions": arch,
            "per_function": per_function, "path": path,
            "stages": walk.stages([(n, "", "") for n in names], asm)}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package", default="linux-image-6.1.0-56-amd64")
    ap.add_argument("--cpu", default="max")
    ap.add_argument("--options", default="", help="extra kernel options, e.g. mitigations=off")
    ap.add_argument("--json", default=str(measure.WORK / "walk.json"))
    ap.add_argument("--update-docs", action="store_true",
                    help=f"also store the counts in {measure.DOCS_JSON.relative_to(ROOT)} under \"walk\"")
    args = ap.parse_args(argv)

    vmlinuz, initrd, version = measure.prepare(args.package)
    with tempfile.TemporaryDirectory(prefix="linux-ref-walk.") as tmp:
        trace, smap = run(vmlinuz, initrd, args.cpu, args.options, pathlib.Path(tmp))
    asm = smap.asm_names()
    result = {"kernel": f"Debian 12 {args.package} {version}", "cpu": args.cpu,
              "options": args.options, "entries": {}}
    for entry, (func, title) in MARKERS.items():
        start = user_marker(measure.WORK / "init", func, "syscall" if entry == "syscall" else "int")
        found = windows(trace, start)
        if not found:
            print(f"walk_linux.py: no {title} in the log", file=sys.stderr)
            return 1
        best = min(found, key=len)
        e = analyse(best, smap, asm)
        e["windows"] = [len(w) for w in found]
        result["entries"][entry] = e
        print(f"{entry}: getpid() through {title} on Linux {version} (-cpu {args.cpu} {args.options}): "
              f"{e['kernel_instructions']} kernel instructions logged, "
              f"{e['architectural_instructions']} architectural; windows seen: {e['windows']}")
        print("  path: " + " -> ".join(f"{f} ({n})" for f, n in e["path"]) + " -> user")
        if e["stages"]:
            print("  stages: " + ", ".join(f"{k} {v}" for k, v in e["stages"].items()))
    pathlib.Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {args.json}")
    if args.update_docs:
        docs = json.loads(measure.DOCS_JSON.read_text()) if measure.DOCS_JSON.exists() else {}
        docs["walk"] = result
        measure.DOCS_JSON.write_text(json.dumps(docs, indent=1) + "\n")
        print(f"updated {measure.DOCS_JSON.relative_to(ROOT)}; check docs/linux-reference.md agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
