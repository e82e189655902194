#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Measure Linux's getpid round trip the way make bench measures trapdoor's.

Optional, not part of make test or make bench; needs Debian's package mirror.
  1. apt-get download a Debian 12 kernel package (linux-image-6.1.0-56-amd64 by
     default) into build/linux-ref/ and unpack it with dpkg -x;
  2. build /init from init.c and loop.S here (gcc -static, glibc's libc.a) and
     pack it, with /dev/console, into a newc initramfs (mkcpio.py);
  3. boot it under QEMU TCG with -icount shift=0 (the guest TSC then counts
     instructions), once per configuration below, in parallel;
  4. print instructions per round trip and write build/linux-ref/result.json;
     with --update-docs, also docs/linux-reference.json, which make bench reads.
Nothing it downloads or builds is committed: it all stays under build/.

  python3 scripts/linux-ref/measure.py [--package NAME] [--update-docs]
"""
import argparse
import concurrent.futures
import datetime
import fcntl
import glob
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORK = ROOT / "build" / "linux-ref"
DOCS_JSON = ROOT / "docs" / "linux-reference.json"
PACKAGE = "linux-image-6.1.0-56-amd64"
USER_PER_ROUND_TRIP = 4         # mov, syscall or int $0x80, dec, jnz (loop.S)

# (name, QEMU -cpu, extra kernel options)
CONFIGS = [
    ("qemu64", "qemu64", ""),
    ("max", "max", ""),
    ("max, mitigations=off", "max", "mitigations=off"),
    ("Skylake-Client-noTSX-IBRS (Intel: PTI on)", "Skylake-Client-noTSX-IBRS", ""),
]


def sh(cmd, **kw):
    print("  $ " + " ".join(str(c) for c in cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def kernel(package=PACKAGE):
    """Download and unpack the package (once). Returns (vmlinuz, version).

    Suites call this from several threads and processes at once (make test runs
    two suites at a time, each asking for two CPU models), so one lock file
    serializes it, and the package and its tree appear under their final names
    only when whole: a second caller never sees half a download or half a tree."""
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        debs = sorted(WORK.glob(f"{package}_*.deb"))
        if not debs:
            with tempfile.TemporaryDirectory(dir=WORK) as tmp:
                sh(["apt-get", "download", package], cwd=tmp)
                for deb in pathlib.Path(tmp).glob(f"{package}_*.deb"):
                    os.replace(deb, WORK / deb.name)
            debs = sorted(WORK.glob(f"{package}_*.deb"))
        deb = debs[-1]
        tree = WORK / "pkg"
        if not tree.exists():
            with tempfile.TemporaryDirectory(dir=WORK) as tmp:
                sh(["dpkg", "-x", str(deb), str(pathlib.Path(tmp) / "pkg")])
                os.replace(pathlib.Path(tmp) / "pkg", tree)
    vmlinuz = pathlib.Path(sorted(glob.glob(str(tree / "boot" / "vmlinuz-*")))[-1])
    return vmlinuz, deb.name[len(package) + 1:].rsplit("_", 1)[0]


def prepare(package):
    """Download and unpack the package, build the initramfs. Returns (vmlinuz, initrd, version)."""
    vmlinuz, version = kernel(package)
    init = WORK / "init"
    sh(["gcc", "-O2", "-static", "-o", str(init), str(HERE / "init.c"), str(HERE / "loop.S")])
    initrd = WORK / "initrd.cpio"
    sh([sys.executable, str(HERE / "mkcpio.py"), str(initrd), str(init)])
    return vmlinuz, initrd, version


def boot(vmlinuz, initrd, cpu, options, timeout=600):
    """Console output of one boot of the reference initramfs under -icount shift=0."""
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", cpu, "-m", "256M", "-smp", "1",
           "-icount", "shift=0", "-kernel", str(vmlinuz.resolve()), "-initrd", str(initrd.resolve()),
           "-append", f"console=ttyS0 nokaslr quiet {options}".strip(),
           "-display", "none", "-vga", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot"]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout)
    shown = [os.path.relpath(c, ROOT) if os.path.isabs(str(c)) else c for c in cmd]
    return " ".join(f'"{c}"' if " " in c else c for c in shown), p.stdout.decode(errors="replace")


def per_round_trip(console, entry):
    """Instructions per round trip from the n and 2n lines, or None."""
    ticks = {int(n): int(t) for n, t in
             re.findall(rf"linux-ref: {entry} rdtsc (\d+) calls (\d+) ticks", console)}
    if len(ticks) != 2:
        return None
    n1, n2 = sorted(ticks)
    total = (ticks[n2] - ticks[n1]) / (n2 - n1)
    return {"total": total, "kernel": total - USER_PER_ROUND_TRIP, "user": USER_PER_ROUND_TRIP}


# The 32-bit getpid: user/ia32/getpid32.c, a static i386 program without a C
# library, loops getpid through int $0x80 and through the vDSO's
# __kernel_vsyscall (AT_SYSINFO), which enters the kernel by SYSENTER on an
# Intel CPU and by SYSCALL on an AMD one. (name, QEMU -cpu)
IA32_CONFIGS = [
    ("qemu64 (AMD: the vDSO enters by SYSCALL)", "qemu64"),
    ("Haswell-noTSX-IBRS (Intel: the vDSO enters by SYSENTER)", "Haswell-noTSX-IBRS"),
]
IA32_SRC = ROOT / "user" / "ia32"
IA32_USER_LOOP = 4              # mov, int $0x80 or call *%edi, dec, jnz (getpid32_loop.S)


def build_getpid32():
    out = WORK / "getpid32"
    WORK.mkdir(parents=True, exist_ok=True)
    sh(["gcc", "-m32", "-static", "-nostdlib", "-fno-pie", "-no-pie", "-ffreestanding", "-O2", "-Wall", "-Wextra",
        "-o", str(out), str(IA32_SRC / "getpid32.c"), str(IA32_SRC / "getpid32_loop.S"), "-lgcc"])
    return out


def vsyscall_path(hexbytes):
    """The user instructions one call of __kernel_vsyscall executes, from its first
    bytes: up to its SYSENTER or SYSCALL (the kernel returns past the int $0x80 that
    follows), then from there to its ret. [(address, text)], disassembled by objdump."""
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(bytes.fromhex(hexbytes))
        f.flush()
        dis = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i386", f.name], stdout=subprocess.PIPE,
                             text=True, check=True).stdout
    insns = [(int(m.group(1), 16), re.sub(r"\s+", " ", m.group(2)).strip())
             for m in re.finditer(r"^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} )+\s*\t(.*)$", dis, re.M)]
    path, entered = [], False
    for n, (addr, text) in enumerate(insns):
        if entered and text.startswith("int") and "0x80" in text:
            continue                    # the kernel returns after it
        path.append((addr, text))
        if text.split()[0] in ("sysenter", "syscall"):
            entered = True
        if text.split()[0] == "ret":
            break
    return path


def measure_ia32():
    """{config: result} for getpid32 under -icount on each of IA32_CONFIGS, in parallel."""
    sys.path.insert(0, str(ROOT / "tests" / "lib"))
    import linux_oracle
    prog = build_getpid32()
    item = linux_oracle.Item("getpid32", (), str(prog))

    def one(cpu):
        return linux_oracle.run([item], cpu, append="console=ttyS0 nokaslr quiet panic=-1",
                                qemu_flags=("-icount", "shift=0"), runs=1, cache=False, timeout=300)[0]

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(IA32_CONFIGS)) as pool:
        runs = list(pool.map(lambda c: one(c[1]), IA32_CONFIGS))
    rows = []
    for (name, cpu), r in zip(IA32_CONFIGS, runs):
        out = r.output if r.status else (r.why or "")
        row = {"config": name, "cpu": cpu, "options": "nokaslr",
               "program": "user/ia32/getpid32.c (gcc -m32 -static -nostdlib), run by tests/lib/linux_oracle.py"}
        m = re.search(r"vsyscall bytes((?: [0-9a-f]{2})+)", out)
        vpath = vsyscall_path(m.group(1).replace(" ", "")) if m else []
        row["vsyscall_path"] = [f"+{a:#x} {t}" for a, t in vpath]
        for entry, user in (("int80", IA32_USER_LOOP), ("vdso", IA32_USER_LOOP + len(vpath))):
            ticks = {int(n): int(t) for n, t in re.findall(rf"getpid32: {entry} rdtsc (\d+) calls (\d+) ticks", out)}
            if len(ticks) != 2:
                row[entry] = None
                continue
            n1, n2 = sorted(ticks)
            total = (ticks[n2] - ticks[n1]) / (n2 - n1)
            row[entry] = {"total": total, "kernel": total - user, "user": user}
        if row["int80"] is None or row["vdso"] is None:
            print(f"{name}: no result; it said:\n{out[-2000:]}", file=sys.stderr)
        rows.append(row)
        print(f"{name:58} int80 {row['int80'] and row['int80']['kernel']}"
              f"  vdso {row['vdso'] and row['vdso']['kernel']}  kernel instructions per 32-bit getpid")
    return rows


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package", default=PACKAGE)
    ap.add_argument("--update-docs", action="store_true", help=f"also write {DOCS_JSON.relative_to(ROOT)}")
    ap.add_argument("--ia32", action="store_true",
                    help="measure the 32-bit getpid instead (user/ia32/getpid32.c): int $0x80 and the vDSO")
    args = ap.parse_args(argv)
    if args.ia32:
        return main_ia32(args)

    vmlinuz, initrd, version = prepare(args.package)
    qemu = subprocess.run(["qemu-system-x86_64", "--version"], stdout=subprocess.PIPE,
                          text=True).stdout.splitlines()[0]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(CONFIGS)) as pool:
        boots = list(pool.map(lambda c: boot(vmlinuz, initrd, c[1], c[2]), CONFIGS))

    rows = []
    for (name, cpu, options), (cmd, console) in zip(CONFIGS, boots):
        row = {"config": name, "cpu": cpu, "options": options, "command": cmd,
               "syscall": per_round_trip(console, "syscall"),
               "int80": per_round_trip(console, "int80")}
        if row["syscall"] is None or row["int80"] is None:
            print(f"{name}: no result; the console said:\n{console[-2000:]}", file=sys.stderr)
        rows.append(row)
        print(f"{name:45} syscall {row['syscall'] and row['syscall']['kernel']}"
              f"  int80 {row['int80'] and row['int80']['kernel']}  kernel instructions per getpid")

    result = {
        "kernel": f"Debian 12 {args.package} {version}",
        "qemu": qemu,
        "measured": datetime.date.today().isoformat(),
        "method": "scripts/linux-ref/measure.py: -icount shift=0, rdtsc around n and 2n getpid "
                  "round trips (min of 15 runs each), (ticks(2n)-ticks(n))/n - 4 user instructions",
        "configs": rows,
    }
    out = WORK / "result.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {os.path.relpath(out)}")
    if args.update_docs:
        docs = json.loads(DOCS_JSON.read_text()) if DOCS_JSON.exists() else {}
        docs["measured"] = result
        DOCS_JSON.write_text(json.dumps(docs, indent=1) + "\n")
        print(f"updated {os.path.relpath(DOCS_JSON)}; check docs/linux-reference.md agrees")
    return 0 if all(r["syscall"] and r["int80"] for r in rows) else 1


def main_ia32(args):
    _, version = kernel(args.package)
    qemu = subprocess.run(["qemu-system-x86_64", "--version"], stdout=subprocess.PIPE,
                          text=True).stdout.splitlines()[0]
    rows = measure_ia32()
    result = {
        "kernel": f"Debian 12 {args.package} {version}",
        "qemu": qemu,
        "measured": datetime.date.today().isoformat(),
        "method": "scripts/linux-ref/measure.py --ia32: -icount shift=0, rdtsc around n and 2n 32-bit getpid "
                  "round trips (min of 15 runs each), (ticks(2n)-ticks(n))/n - user instructions: the loop's 4, "
                  "and for vdso those of __kernel_vsyscall's path, disassembled from its bytes",
        "configs": rows,
    }
    out = WORK / "result-ia32.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {os.path.relpath(out)}")
    if args.update_docs:
        docs = json.loads(DOCS_JSON.read_text()) if DOCS_JSON.exists() else {}
        docs["measured_ia32"] = result
        DOCS_JSON.write_text(json.dumps(docs, indent=1) + "\n")
        print(f"updated {os.path.relpath(DOCS_JSON)}; check docs/linux-reference.md agrees")
    return 0 if all(r["int80"] and r["vdso"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
