#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench's real programs: the kernel instructions a whole program costs.

The programs (PROGRAMS below): a static musl hello and glibc hello, built from
tests/realprogs/hello.c as tests/lib/realprogs_harness.py builds them, Debian's
static /bin/busybox running "echo hi", and exit0 (scripts/exit0.S), whose first
instruction starts exit_group(0): the yardstick the others are measured against.

The method, the same for trapdoor (here) and for Linux (scripts/linux-ref/
progs_linux.py): QEMU (TCG, -icount, one instruction per translation block,
"log exec,nochain") logs every instruction of a program's window, which

  - begins with the program's first instruction, at its ELF entry point (on
    Linux, the page fault that brings that instruction's page in comes before
    it: it is part of the start-up);
  - ends when the kernel is done with the program: on trapdoor when run_one()
    (kernel/program.c) returns, after the exit and mm_destroy(); on Linux when
    the parent's wait4() returns to user space, after do_exit() and the switch
    back to the parent.

A program's count is the number of logged instructions at kernel addresses
(>= 0xffff800000000000) in its window. As in make walk, each iteration of a rep
string instruction logs, and counts, as one instruction (Linux's clear_page, as
trapdoor's memset, zeroes a page with a 4096-iteration rep stosb); under
-icount QEMU runs, logs and counts each rep instruction once more at its end,
with rcx = 0. The figure make bench prints is a program's count minus exit0's:
what the program asks of the kernel beyond starting and ending. Page faults,
system calls and interrupts all count (analyse() sorts them); the loading
before the first instruction (Linux's execve, trapdoor's elf_load) does not:
it is reported beside it as the start-up.

Here QEMU starts paused, with a GDB stub. We stop it at each run_one(), read
QEMU's instruction counter (QMP query-replay), stop it again at the program's
entry point, read the counter (the difference is the start-up: every kernel
instruction from run_one's first to the program's first), turn the log on and
stop it once more where run_one returns, and turn the log off. Logging only
the windows keeps the log to a few hundred thousand lines; logging the
start-up too would add millions (busybox's 2 MB copied and its pages zeroed,
byte by byte in the log) and half a minute. The counts are the same from run
to run: trapdoor has no timer, and nothing on these paths depends on the time
or on random numbers.

  python3 scripts/progwalk.py [--json build/progwalk.json] [--quiet]
  python3 scripts/progwalk.py --record tests/bench/programs.json

--record writes the counts tests/suites/bench_regression.py holds the kernel to.
"""
import argparse
import bisect
import importlib.util
import json
import os
import pathlib
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
KERNEL = BUILD / "trapdoor.elf"
OUT = BUILD / "realprogs"
EXIT0_SRC = ROOT / "scripts" / "exit0.S"
BASELINE = ROOT / "tests" / "bench" / "programs.json"
TARGET_FRACTION = 1 / 3         # the target: at most a third of Linux's figure
# -icount makes QEMU count instructions (QMP's query-replay reads the count) and
# makes the log show one more iteration of each rep string instruction, with rcx
# = 0, as Linux's measurement (-icount shift=0) does. trapdoor has no timer, so
# the clock's pace does not matter: "auto" lets SeaBIOS's and GRUB's waits pass
# in real time, not in billions of instructions (a boot of 2 s, not 7).
ICOUNT = "shift=auto"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


walk = _load("walk", ROOT / "scripts" / "walk.py")
sys.path.insert(0, str(ROOT / "tests" / "lib"))
import realprogs_harness as harness  # noqa: E402
from trapdoor import item  # noqa: E402

USER_TOP = walk.USER_TOP

# key -> (title, the program's path as argv[0] gives it, its arguments)
PROGRAMS = {
    "exit0": ("exit0", "build/realprogs/exit0", []),
    "musl_hello": ("musl hello", "build/realprogs/musl/hello", []),
    "glibc_hello": ("glibc hello", "build/realprogs/glibc/hello", []),
    "busybox_echo": ("busybox echo hi", "/bin/busybox", ["echo", "hi"]),
}
BASE = "exit0"                  # what every figure is measured beyond

# The kernel's entry points, by what entered the kernel: the first instruction
# of a stretch of kernel instructions says what it is.
TRAPDOOR_ENTRIES = {"entry_SYSCALL_64": "syscall", "entry_INT80_compat": "syscall", "exc_14": "page fault"}
SYSCALL_FUNC = re.compile(r"^__(?:x64|ia32)_sys_(\w+)$")


class ProgWalkError(Exception):
    pass


# ---- The programs -------------------------------------------------------------

def build_programs():
    """Build exit0 and the two hellos; None, or why a program is missing."""
    problems = []
    exit0 = OUT / "exit0"
    if not exit0.exists() or exit0.stat().st_mtime < EXIT0_SRC.stat().st_mtime:
        exit0.parent.mkdir(parents=True, exist_ok=True)
        p = subprocess.run(["gcc", "-nostdlib", "-static", "-o", str(exit0), str(EXIT0_SRC)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if p.returncode:
            problems.append(f"exit0: {p.stdout}")
    for label, subdir, compiler in harness.LIBCS:
        if subdir not in ("musl", "glibc"):
            continue
        why = harness.missing_tool(compiler[0]) or harness._compile(compiler, harness.SRC / "hello.c",
                                                                     OUT / subdir / "hello")
        if why:
            problems.append(f"{label} hello: {why}")
    why = harness.busybox_problem()
    if why:
        problems.append(why)
    return "\n".join(problems) or None


def host_path(path):
    return pathlib.Path(path) if os.path.isabs(path) else ROOT / path


def entry_point(path):
    """The ELF entry point of a static, non-PIE program (where its first instruction is)."""
    with open(host_path(path), "rb") as f:
        head = f.read(64)
    e_type, = struct.unpack_from("<H", head, 0x10)
    entry, = struct.unpack_from("<Q", head, 0x18)
    if head[:4] != b"\x7fELF" or e_type != 2:
        raise ProgWalkError(f"{path}: not a static ELF executable (ET_EXEC)")
    return entry


# ---- Reading a window ---------------------------------------------------------

class Namer:
    """Function names for addresses: the nearest symbol at or below, cached."""

    def __init__(self, symbols):
        pairs = sorted(symbols.items())
        self.addrs = [a for a, _ in pairs]
        self.names = [n for _, n in pairs]
        self.cache = {}

    def __call__(self, pc):
        name = self.cache.get(pc)
        if name is None:
            i = bisect.bisect_right(self.addrs, pc) - 1
            name = self.cache[pc] = self.names[i] if i >= 0 else "?"
        return name

    def address(self, name):
        return self.addrs[self.names.index(name)]


def kernel_symbols(kernel):
    """{address: name} of the kernel's functions and labels (nm)."""
    out = subprocess.run(["nm", str(kernel)], stdout=subprocess.PIPE, text=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "Tt" and not p[2].startswith("..@"):
            syms.setdefault(int(p[0], 16), p[2])
    return syms


EXIT_KEY = "exit: exit_group, to the end"
NOSYS_KEY = "syscall without a handler (ENOSYS)"


def analyse(window, namer, entries, returns):
    """What the kernel did in one window: [pc], the program's first instruction
    first, up to (not including) the end mark.

    A stretch of kernel instructions between two user instructions is one
    entry into the kernel; its first instruction says what entered it
    (entries: {entry point's function: "syscall", "page fault", ...}). A
    system call is named by the first __x64_sys_NAME function it runs. A page
    fault or interrupt taken inside a stretch (a copy to a user page not yet
    there, the serial port's interrupt in a write) counts as its own kind, from
    its entry point to its iretq back into the kernel (returns: the addresses
    of such iretqs). The stretch that follows the program's last instruction
    (exit_group's syscall) is the exit, to the end of the window."""
    if not window or window[0] >= USER_TOP:
        raise ProgWalkError("the window does not begin with a user instruction")
    n = len(window)
    last_user = max(i for i, pc in enumerate(window) if pc < USER_TOP)
    entry_addrs = {namer.address(f): kind for f, kind in entries.items() if f in namer.names}
    breakdown, per_function = {}, {}
    kernel = arch = 0

    def add(key, times, instructions):
        b = breakdown.setdefault(key, {"times": 0, "instructions": 0})
        b["times"] += times
        b["instructions"] += instructions

    i = 0
    while i < n:
        if window[i] < USER_TOP:
            i += 1
            continue
        first = namer(window[i])
        stack = [entries.get(first, f"other ({first})")]
        own = 0                                 # instructions of the stretch's own kind
        sysname = None
        j = i
        while j < n and window[j] >= USER_TOP:
            pc = window[j]
            again = j > i and window[j - 1] == pc       # a rep iteration
            f = namer(pc)
            per_function[f] = per_function.get(f, 0) + 1
            kernel += 1
            arch += not again
            kind = entry_addrs.get(pc)
            if j > i and kind and kind != "syscall" and not again:
                stack.append(kind)
                add(kind, 1, 0)
            if len(stack) == 1:
                own += 1
                if sysname is None:
                    m = SYSCALL_FUNC.match(f)
                    sysname = m.group(1) if m else None
            else:
                add(stack[-1], 0, 1)
            if pc in returns and len(stack) > 1 and not again:
                stack.pop()
            j += 1
        if i > last_user:
            key = EXIT_KEY
        elif stack[0] == "syscall":
            key = f"syscall {sysname}" if sysname else NOSYS_KEY
        else:
            key = stack[0]
        add(key, 1, own)
        i = j
    exit_instructions = n - last_user - 1      # all kernel: the exit stretch, faults in it included
    return {
        "kernel_instructions": kernel,
        "architectural_instructions": arch,
        "user_instructions": n - kernel,
        "while_running": kernel - exit_instructions,
        "exit": exit_instructions,
        "breakdown": dict(sorted(breakdown.items(), key=lambda kv: -kv[1]["instructions"])),
        "per_function": dict(sorted(per_function.items(), key=lambda kv: -kv[1])),
    }


def beyond(results, base=BASE):
    """{key: kernel instructions beyond exit0's} for each program but exit0."""
    b = results[base]["kernel_instructions"]
    return {k: r["kernel_instructions"] - b for k, r in results.items() if k != base}


# ---- Driving QEMU: its GDB stub and QMP ---------------------------------------

class GDBStub:
    """Just enough of GDB's remote protocol to stop QEMU at an address."""

    def __init__(self, path, deadline):
        self.sock = walk.connect_unix(path, deadline, ProgWalkError("QEMU's GDB socket never appeared"))
        self.deadline = deadline
        self.buf = b""

    def _read(self):
        self.sock.settimeout(max(0.1, self.deadline - time.monotonic()))
        try:
            chunk = self.sock.recv(4096)
        except socket.timeout:
            raise ProgWalkError("QEMU did not stop where it was asked to in time")
        if not chunk:
            raise ProgWalkError("QEMU closed its GDB connection")
        self.buf += chunk

    def _send(self, data):
        self.sock.sendall(b"$%s#%02x" % (data.encode(), sum(data.encode()) & 0xff))
        while not self.buf:
            self._read()
        if not self.buf.startswith(b"+"):
            raise ProgWalkError(f"QEMU's GDB stub did not take {data!r}: {self.buf[:40]!r}")
        self.buf = self.buf[1:]

    def _packet(self):
        while True:
            self.buf = self.buf.lstrip(b"+")
            m = re.match(rb"\$([^#]*)#..", self.buf, re.S)
            if m:
                self.buf = self.buf[m.end():]
                self.sock.sendall(b"+")
                return m.group(1).decode()
            self._read()

    def command(self, data):
        self._send(data)
        return self._packet()

    def break_at(self, addr):
        if self.command(f"Z0,{addr:x},1") != "OK":
            raise ProgWalkError(f"QEMU refused a breakpoint at {addr:#x}")

    def clear(self, addr):
        self.command(f"z0,{addr:x},1")

    def run_to(self, addr):
        """Continue until the CPU is about to run the instruction at addr."""
        self.break_at(addr)
        self._send("c")
        reply = self._packet()
        self.clear(addr)
        if not reply.startswith(("T05", "S05")):
            raise ProgWalkError(f"QEMU stopped with {reply!r}, not at the breakpoint {addr:#x}")

    def detach(self):
        self._send("D")
        self.sock.close()


def icount(qmp):
    """Instructions QEMU has run so far (-icount): QMP's query-replay."""
    return qmp._send({"execute": "query-replay"})["icount"]


def run_trapdoor(kernel, namer, cpu, workdir, keys, timeout=120):
    """Boot the programs; returns ({key: [pc] of its window}, {key: start-up
    instructions}, {key: icount of its window}) and the console."""
    paths = [PROGRAMS[k] for k in keys]
    iso = workdir / "progs.iso"
    subprocess.run(["sh", str(ROOT / "scripts" / "mkiso.sh"), str(iso), str(kernel), "",
                    ", ".join(item(p, *a) for _, p, a in paths)], check=True, cwd=ROOT)
    run_one = namer.address("run_one")
    ret_addr = run_one_return(kernel)
    qmp_path, gdb_path = workdir / "qmp.sock", workdir / "gdb.sock"
    cmd = walk.qemu_command(iso, cpu, qmp_path) + [
        "-S", "-gdb", f"unix:{gdb_path},server=on,wait=off", "-icount", ICOUNT]
    deadline = time.monotonic() + timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=ROOT, env=dict(os.environ, ACCEL="tcg"))
    console = []
    reader = threading.Thread(target=lambda: console.extend(iter(proc.stdout.readline, b"")), daemon=True)
    reader.start()
    windows, starts, counted = {}, {}, {}
    try:
        gdb = GDBStub(gdb_path, deadline)
        qmp = walk.QMP(qmp_path, deadline)
        for key, (_, path, _) in zip(keys, paths):
            gdb.run_to(run_one)
            before = icount(qmp)
            gdb.run_to(entry_point(path))
            at_entry = icount(qmp)
            starts[key] = at_entry - before
            log = workdir / f"{key}.log"
            qmp.hmp(f"logfile {log}")
            qmp.hmp("singlestep on")            # one instruction per block (from here on)
            qmp.hmp("log exec,nochain")
            gdb.run_to(ret_addr)
            qmp.hmp("log none")
            counted[key] = icount(qmp) - at_entry
            windows[key] = read_window(log)
        gdb.detach()
        status = proc.wait(timeout=max(1, deadline - time.monotonic()))
        qmp.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
    text = b"".join(console).decode(errors="replace").replace("\r\n", "\n")
    if status != 33:                            # isa-debug-exit: every program exited with status 0
        raise ProgWalkError(f"a program did not exit with status 0 (QEMU status {status}):\n{text[-3000:]}")
    return windows, starts, counted, text


def read_window(log):
    """[pc] of every instruction in a log of one instruction per block."""
    pcs = []
    with open(log) as f:
        for pc, cflags in walk.iter_exec_log(f):
            if cflags & walk.CF_COUNT_MASK != 1:
                raise ProgWalkError(f"QEMU ran a block of more than one instruction at {pc:#x}: "
                                    "singlestep was not in force")
            pcs.append(pc)
    return pcs


def run_one_return(kernel):
    """The address right after run_programs' call to run_one: run_one has returned."""
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(kernel)], stdout=subprocess.PIPE,
                         text=True, check=True).stdout
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if re.search(r"\scall\s+\w+ <run_one>$", line):
            return int(lines[i + 1].split(":")[0], 16)
    raise ProgWalkError("no call to run_one in the kernel")


def measure(kernel=KERNEL, cpu="max", keys=tuple(PROGRAMS)):
    """The measurement, as build/progwalk.json holds it."""
    why = build_programs()
    if why:
        raise ProgWalkError(why)
    namer = Namer(kernel_symbols(kernel))
    returns = {a for a, (f, _, text) in walk.disassemble(kernel).items() if text == "iretq"}
    with tempfile.TemporaryDirectory(prefix="trapdoor-progwalk.") as tmp:
        windows, starts, counted, console = run_trapdoor(kernel, namer, cpu, pathlib.Path(tmp), list(keys))
    programs = {}
    for key in keys:
        title, path, args = PROGRAMS[key]
        r = analyse(windows[key], namer, TRAPDOOR_ENTRIES, returns)
        if windows[key][0] != entry_point(path):
            raise ProgWalkError(f"{title}: the window begins at {windows[key][0]:#x}, not at the entry point")
        r.update({"title": title, "argv": [path, *args], "startup": starts[key],
                  "icount_window": counted[key]})
        programs[key] = r
    return {"kernel": os.path.relpath(kernel, ROOT), "cpu": cpu, "base": BASE,
            "method": f"kernel instructions QEMU (-icount {ICOUNT}, singlestep, log exec,nochain) logs "
                      "from the program's first instruction to run_one's return, each rep iteration one; "
                      "start-up: QEMU's instruction count from run_one's first instruction to the program's",
            "programs": programs, "beyond_exit0": beyond(programs)}


# ---- Reporting ------------------------------------------------------------------

def report(result, out=sys.stdout, top=8):
    progs = result["programs"]
    extra = result["beyond_exit0"]
    for key, r in progs.items():
        more = f", {extra[key]} beyond exit0" if key in extra else ""
        print(f"{key}: {r['title']}: {r['kernel_instructions']} kernel instructions{more} "
              f"({r['user_instructions']} user); start-up {r['startup']}", file=out)
        for k, b in list(r["breakdown"].items())[:top]:
            print(f"  {b['instructions']:8d}  {k}" + (f" (x{b['times']})" if b["times"] > 1 else ""), file=out)
        if len(r["breakdown"]) > top:
            rest = list(r["breakdown"].values())[top:]
            print(f"  {sum(b['instructions'] for b in rest):8d}  {len(rest)} more", file=out)


def record(result, path=BASELINE):
    base = {
        "about": "Kernel instructions of whole static programs under trapdoor, as scripts/progwalk.py "
                 "counts them (make bench prints them beside Linux's). tests/suites/bench_regression.py "
                 "fails if a program's count beyond exit0's grows more than 10 % above this. Refresh "
                 "after an optimization with: python3 scripts/progwalk.py --quiet --record "
                 "tests/bench/programs.json",
        "cpu": result["cpu"],
        "base": result["base"],
        "programs": {k: {"kernel_instructions": r["kernel_instructions"],
                         "breakdown": {b: v["instructions"] for b, v in r["breakdown"].items()}}
                     for k, r in result["programs"].items()},
        "beyond_exit0": result["beyond_exit0"],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(base, indent=1) + "\n")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default=str(BUILD / "progwalk.json"))
    ap.add_argument("--cpu", default="max")
    ap.add_argument("--kernel", default=str(KERNEL))
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--record", metavar="PATH", help="also write the regression baseline")
    args = ap.parse_args(argv)
    try:
        result = measure(pathlib.Path(args.kernel), args.cpu)
    except ProgWalkError as e:
        print(f"progwalk.py: {e}", file=sys.stderr)
        return 1
    if not args.quiet:
        report(result)
    pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    if args.record:
        record(result, pathlib.Path(args.record))
    print("progwalk: " + ", ".join(f"{result['programs'][k]['title']} {v}" for k, v in
                                   result["beyond_exit0"].items())
          + f" kernel instructions beyond exit0's {result['programs'][BASE]['kernel_instructions']}; "
          f"details in {os.path.relpath(args.json)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
