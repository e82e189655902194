#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make walk: every instruction of one getpid, through each of the kernel's entries.

Boots build/user/walk.elf (user/walk.c) under QEMU (TCG). When the program says
"walk: ready" it waits in read(0); we then switch QEMU, through its QMP monitor,
to one instruction per translation block ("singlestep on") and log every block
executed ("log exec,nochain"), and send it a byte. It makes its two calls from
the labelled functions in user/walk_asm.asm and exits. Logging only from that
point keeps the log a few thousand lines, where logging the whole boot would
write millions (the kernel's memset of free memory alone is over a million
rep stosb iterations).

In the log we find each entry instruction (walk_getpid_syscall's syscall,
walk_getpid_int80's int 0x80) and take every instruction up to the first one
back in user space; objdump -d names each address (symbol+offset, text).

The 32-bit entries are walked the same way, from build/user/ia32/walk32.elf
(user/ia32/walk32.c), an i386 program, booted once per CPU model: on qemu64
(AMD: the vDSO enters by SYSCALL) its int $0x80 and its vDSO call, on
Haswell-noTSX-IBRS (Intel: the vDSO enters by SYSENTER) its vDSO call. The
kernel patched __kernel_vsyscall at boot, so its bytes come from the program,
which prints them; objdump disassembles them at their address. Each walk also
names the instruction that left the kernel: sysretq, sysexit, sysret (its
32-bit form, to compatibility mode) or iretq.
A block QEMU logged but stopped before its first instruction (it logs it
again when it runs it) is not counted: see parse_exec_log.

QEMU logs, and -icount counts, every iteration of a rep-prefixed string
instruction as an instruction; when that happens the output says so and gives
both counts. The kernel count is the log's (iterations included), the figure
scripts/bench.py compares with its -icount measurement.

  python3 scripts/walk.py [--json build/walk.json] [--cpu max] [--quiet] [--no32]
  python3 scripts/walk.py --record tests/bench/instructions.json

--record writes the current counts as the figure tests/suites/bench_regression.py
holds the kernel to (no more than 10 % above it): run it after an optimization.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
KERNEL = BUILD / "trapdoor.elf"
WALK_ELF = BUILD / "user" / "walk.elf"
WALK32_ELF = BUILD / "user" / "ia32" / "walk32.elf"
ENTRY_ASM_OBJ = BUILD / "arch" / "x86" / "entry" / "entry_64.o"
USER_TOP = 0x0000800000000000          # addresses below this are user space

# name in the JSON -> (marker function in user/walk_asm.asm, its entry instruction, title)
ENTRIES = {
    "syscall": ("walk_getpid_syscall", "syscall", "getpid() through SYSCALL"),
    "int80": ("walk_getpid_int80", "int", "getpid() through int $0x80"),
}

# The 32-bit walks: QEMU -cpu model -> [(name, marker function in user/ia32/walk32_asm.S or
# "__kernel_vsyscall" for the vDSO's own entry instruction, its entry instructions, title)].
# The model picks what the kernel patches into the vDSO (kernel/vdso.c).
ENTRIES32 = {
    "qemu64": [
        ("int80_32", "walk32_getpid_int80", ("int",), "32-bit getpid() through int $0x80"),
        ("syscall32", "__kernel_vsyscall", ("syscall",),
         "32-bit getpid() through the vDSO: SYSCALL from compatibility mode (AMD, qemu64)"),
    ],
    "Haswell-noTSX-IBRS": [
        ("sysenter", "__kernel_vsyscall", ("sysenter",),
         "32-bit getpid() through the vDSO: SYSENTER (Intel, Haswell-noTSX-IBRS)"),
    ],
}
ENTRY_CPU = {name: cpu for cpu, rows in ENTRIES32.items() for name, *_ in rows}
# The instructions that leave the kernel for ring 3, and what a learner should read them as.
EXITS = {"sysretq": "SYSRET (64-bit)", "sysret": "SYSRET (32-bit form: SYSRETL, to compatibility mode)",
         "sysretd": "SYSRET (32-bit form: SYSRETL, to compatibility mode)",
         "sysexit": "SYSEXIT (32-bit form, to compatibility mode)",
         "sysexitd": "SYSEXIT (32-bit form, to compatibility mode)", "iretq": "IRET (the full frame)"}
VSYSCALL_RE = re.compile(rb"walk32: vsyscall 0x([0-9a-f]+) bytes((?: [0-9a-f]{2})+)")

# QEMU's "exec" log (accel/tcg/cpu-exec.c): one line per translation block about to run,
#   Trace CPU: HOST-CODE [CS-BASE/PC/FLAGS/CFLAGS] SYMBOL
# and, when a block returned before its first instruction, one more:
#   Stopped execution of TB chain before HOST-CODE [PC] SYMBOL
TRACE_RE = re.compile(r"^Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/[0-9a-f]+/([0-9a-f]+)\]")
STOPPED_RE = re.compile(r"^Stopped execution of TB chain before (0x[0-9a-f]+) \[([0-9a-f]+)\]")
CF_COUNT_MASK = 0x1ff                   # QEMU's cflags: instructions per block, 0 = no limit


class WalkError(Exception):
    pass


def disassemble(elf):
    """{address: (function, offset, text)} for every instruction objdump finds in elf."""
    out = subprocess.run(["objdump", "-d", "-M", "intel", "--no-show-raw-insn", "-w", str(elf)],
                         stdout=subprocess.PIPE, check=True, text=True).stdout
    insns = {}
    func, base = "?", 0
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.+)>:$", line)
        if m:
            # NASM's macro-local labels (..@12.from_kernel) belong to the function around them.
            if not m.group(2).startswith("..@"):
                func, base = m.group(2), int(m.group(1), 16)
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s+(.*)$", line)
        if m:
            addr = int(m.group(1), 16)
            text = re.sub(r"\s+", " ", m.group(2).split("#")[0]).strip()
            insns[addr] = (func, addr - base, text)
    return insns


def disassemble_bytes(data, addr, name):
    """{address: (name, offset, text)} for bytes at addr, as i386 code (the patched vDSO)."""
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i386", "-M", "intel", "--no-show-raw-insn",
                              "-w", f"--adjust-vma={addr:#x}", f.name],
                             stdout=subprocess.PIPE, check=True, text=True).stdout
    insns = {}
    for m in re.finditer(r"^\s*([0-9a-f]+):\s+(.*)$", out, re.M):
        a = int(m.group(1), 16)
        insns[a] = (name, a - addr, re.sub(r"\s+", " ", m.group(2).split("#")[0]).strip())
    return insns


def asm_functions(obj=ENTRY_ASM_OBJ):
    """Names of the functions defined in entry_64.asm (and entry_64_compat.asm beside it):
    the assembly stages of the path."""
    names = set()
    for o in (obj, pathlib.Path(obj).with_name("entry_64_compat.o")):
        if not pathlib.Path(o).exists():
            continue
        out = subprocess.run(["nm", "--defined-only", str(o)], stdout=subprocess.PIPE,
                             check=True, text=True).stdout
        names |= {p[2] for p in (l.split() for l in out.splitlines()) if len(p) == 3 and p[1] in "Tt"}
    return names


def qemu_command(iso, cpu, qmp_path):
    """trapdoor's machine (scripts/qemu-machine.sh) with the serial port on a pipe, and QMP."""
    return ["sh", str(ROOT / "scripts" / "qemu-machine.sh"), str(iso), "-cpu", cpu,
            "-serial", "stdio", "-monitor", "none", "-qmp", f"unix:{qmp_path},server=on,wait=off"]


def read_until(proc, marker, deadline):
    """Console output up to and including marker, or WalkError at the deadline."""
    buf = b""
    os.set_blocking(proc.stdout.fileno(), False)
    while marker not in buf:
        try:
            chunk = os.read(proc.stdout.fileno(), 4096)
        except BlockingIOError:
            chunk = None
        if chunk:
            buf += chunk
            continue
        if time.monotonic() > deadline or (chunk == b"" and proc.poll() is not None):
            raise WalkError(f"no {marker!r} on the console; it said:\n" + buf.decode(errors="replace"))
        time.sleep(0.005)
    return buf


def connect_unix(path, deadline, error):
    """A socket connected to the Unix socket QEMU is about to create at path; error if it
    has not appeared by deadline (time.monotonic())."""
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(path))
            return sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if time.monotonic() > deadline:
                raise error
            time.sleep(0.01)


class QMP:
    """Just enough of QEMU's QMP to run human-monitor commands."""

    def __init__(self, path, deadline):
        self.sock = connect_unix(path, deadline, WalkError("QEMU's QMP socket never appeared"))
        self.file = self.sock.makefile("rwb")
        self._reply()                                   # the greeting
        self._send({"execute": "qmp_capabilities"})

    def _reply(self):
        while True:
            msg = json.loads(self.file.readline())
            if "event" not in msg:
                return msg

    def _send(self, cmd):
        self.file.write(json.dumps(cmd).encode() + b"\n")
        self.file.flush()
        reply = self._reply()
        if "error" in reply:
            raise WalkError(f"QMP {cmd}: {reply['error']}")
        return reply.get("return")

    def hmp(self, line):
        out = self._send({"execute": "human-monitor-command", "arguments": {"command-line": line}})
        if out and out.strip():
            raise WalkError(f"monitor command {line!r} said: {out.strip()}")

    def close(self):
        self.file.close()
        self.sock.close()


def run_logged(kernel, walk_elf, cpu, workdir, timeout=60, cmdline="", args="", status_ok=(33,), console_out=None):
    """Boot walk_elf (with args), log from "walk: ready" on; returns [(pc, cflags)] of the log.
    The console before "walk: ready" goes into console_out (a list) if given. QEMU's exit
    status must be in status_ok: 33 is every program exiting 0 (isa-debug-exit:
    (EXIT_ALL_PASSED 0x10 << 1) | 1)."""
    iso = workdir / "walk.iso"
    log = workdir / "exec.log"
    qmp_path = workdir / "qmp.sock"
    subprocess.run(["sh", str(ROOT / "scripts" / "mkiso.sh"), str(iso), str(kernel), cmdline,
                    f"{walk_elf} {args}".strip()], check=True, cwd=ROOT)
    deadline = time.monotonic() + timeout
    proc = subprocess.Popen(qemu_command(iso, cpu, qmp_path), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT,
                            env=dict(os.environ, ACCEL="tcg"))    # the log needs TCG
    try:
        ready = read_until(proc, b"walk: ready", deadline)
        if console_out is not None:
            console_out.append(ready)
        qmp = QMP(qmp_path, deadline)
        qmp.hmp(f"logfile {log}")
        qmp.hmp("singlestep on")                        # one guest instruction per block...
        qmp.hmp("log exec,nochain")                     # ...and a log line for each block run
        proc.stdin.write(b"\n")                         # walk.c's read(0) returns: go
        proc.stdin.flush()
        console = read_until(proc, b"powering off", deadline)
        status = proc.wait(timeout=max(1, deadline - time.monotonic()))
        qmp.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if status_ok is not None and status not in status_ok:
        raise WalkError(f"{walk_elf.name} did not end as expected (QEMU status {status}):\n"
                        + console.decode(errors="replace"))
    if console_out is not None:
        console_out.append(console)
    with open(log) as f:
        return parse_exec_log(f)


def parse_exec_log(lines):
    """[(pc, cflags)] of each block QEMU's "exec" log shows run, in order:
    the list of iter_exec_log(lines)."""
    return list(iter_exec_log(lines))


def iter_exec_log(lines):
    """(pc, cflags) of each block QEMU's "exec" log shows run, in order, as the
    lines are read (a log of millions of lines need not be held in memory).

    QEMU writes a block's Trace line just before it jumps into the block. The
    block's first generated code checks whether another QEMU thread has asked
    the virtual CPU to stop (a timer, the monitor, the console: more often
    when the host is busy); if so it returns before its first instruction,
    QEMU writes "Stopped execution of TB chain before" that block, and runs it
    later, writing its Trace line again. Such an entry ran nothing: drop it,
    or one instruction counts twice. A Stopped line names the block of the
    Trace line just before it; the first line of a log may name a block
    logged before logging began. Repeated Trace lines with no Stopped line
    between them are real executions (each iteration of a rep instruction)."""
    pending = None                              # the last Trace line's block, not yet given out
    last = None                                 # (host code, pc) of pending
    for line in lines:
        m = TRACE_RE.match(line)
        if m:
            if pending:
                yield pending
            last = (m.group(1), int(m.group(2), 16))
            pending = (last[1], int(m.group(3), 16))
            continue
        m = STOPPED_RE.match(line)
        if m and last == (m.group(1), int(m.group(2), 16)):
            pending = last = None
    if pending:
        yield pending


def marker_address(insns, func, mnemonic):
    """The address of the first instruction in func whose mnemonic is mnemonic (or one of them)."""
    wanted = (mnemonic,) if isinstance(mnemonic, str) else tuple(mnemonic)
    for addr in sorted(insns):
        f, _, text = insns[addr]
        if f == func and text.split() and text.split()[0] in wanted:
            return addr
    raise WalkError(f"no {'/'.join(wanted)} in {func}")


def window(trace, start):
    """trace[i:j]: the entry instruction at start, the kernel's, and the first user one after."""
    hits = [i for i, (pc, _) in enumerate(trace) if pc == start]
    if len(hits) != 1:
        raise WalkError(f"the log has {len(hits)} executions of {start:#x}, expected 1")
    i = hits[0]
    for j in range(i + 1, len(trace)):
        if trace[j][0] < USER_TOP:
            return trace[i:j + 1]
    raise WalkError(f"no return to user space after {start:#x}")


def stages(rows, asm):
    """Split the kernel rows the way Linux's figures are split: entry asm, C dispatch,
    the system call itself, C exit work, exit asm. None if the path has another shape."""
    kinds = []
    for func, _, _ in rows:
        if func in asm:
            kinds.append("asm")
        elif func.startswith(("__x64_sys_", "__ia32_sys_")):
            kinds.append("sys")
        else:
            kinds.append("c")
    if "sys" not in kinds or kinds[0] != "asm" or kinds[-1] != "asm":
        return None
    first_sys = kinds.index("sys")
    last_sys = len(kinds) - 1 - kinds[::-1].index("sys")
    entry_end = kinds.index("c") if "c" in kinds[:first_sys] else first_sys
    exit_start = last_sys + 1
    while exit_start < len(kinds) and kinds[exit_start] != "asm":
        exit_start += 1
    if any(k == "asm" for k in kinds[entry_end:exit_start]):
        return None
    return {
        "entry asm": entry_end,
        "C dispatch": first_sys - entry_end,
        "the call itself": last_sys + 1 - first_sys,
        "C exit work": exit_start - last_sys - 1,
        "exit asm": len(kinds) - exit_start,
    }


def around(trace, start, func, insns):
    """The user instructions of func (the vDSO) the trace ran just before the entry
    instruction at start, and just after the return: [text], [text]."""
    i = [k for k, (pc, _) in enumerate(trace) if pc == start][0]
    before, k = [], i - 1
    while k >= 0 and insns.get(trace[k][0], ("?",))[0] == func:
        before.insert(0, insns[trace[k][0]][2])
        k -= 1
    j = next(k for k in range(i + 1, len(trace)) if trace[k][0] < USER_TOP)
    after = []
    while j < len(trace) and insns.get(trace[j][0], ("?",))[0] == func:
        after.append(insns[trace[j][0]][2])
        j += 1
    return before, after


def analyse(trace, insns, asm, func, mnemonic, title):
    """One entry's walk, as the dict build/walk.json holds."""
    start = marker_address(insns, func, mnemonic)
    win = window(trace, start)
    multi = [pc for pc, cflags in win if cflags & CF_COUNT_MASK != 1]
    if multi:
        raise WalkError(f"QEMU ran {len(multi)} blocks of more than one instruction in the window "
                        f"(first at {multi[0]:#x}): singlestep was not in force")
    lines = []
    for pc, _ in win:
        if pc not in insns:
            raise WalkError(f"{pc:#x} is no instruction objdump knows")
        f, off, text = insns[pc]
        lines.append({"addr": f"{pc:#x}", "ring": "user" if pc < USER_TOP else "kernel",
                      "where": f"{f}+{off:#x}", "function": f, "text": text})
    kernel = lines[1:-1]
    if not kernel or lines[-1]["ring"] != "user":
        raise WalkError(f"{title}: no kernel instructions between the entry and the return")

    # A rep string instruction logs once per iteration at the same address.
    reps = []
    arch = 0
    for k, row in enumerate(kernel):
        again = k > 0 and row["addr"] == kernel[k - 1]["addr"]
        if again and row["text"].startswith("rep"):
            reps[-1]["iterations"] += 1
        else:
            arch += 1
            if row["text"].startswith("rep"):
                reps.append({"where": row["where"], "text": row["text"], "iterations": 1})

    per_function = {}
    path = []
    for row in kernel:
        per_function[row["function"]] = per_function.get(row["function"], 0) + 1
        if path and path[-1][0] == row["function"]:
            path[-1][1] += 1
        else:
            path.append([row["function"], 1])
    rows = [(r["function"], r["where"], r["text"]) for r in kernel]
    exit_insn = kernel[-1]["text"].split()[0]
    return {
        "exit": exit_insn,
        "title": title,
        "kernel_instructions": len(kernel),
        "architectural_instructions": arch,
        "rep": reps,
        "user_instructions": 1,                 # the entry instruction itself
        "per_function": per_function,
        "path": path,
        "stages": stages(rows, asm),
        "trace": lines,
    }


def walk32(kernel, kinsns, asm, cpu, rows, walk_elf=WALK32_ELF, cmdline="", args="", status_ok=(33,),
           console=None):
    """Boot the i386 walk32.elf (with args) on cpu and walk rows [(name, func, mnemonics, title)]
    of ENTRIES32. Its console goes into the list console, if given."""
    insns = dict(kinsns)
    insns.update(disassemble(walk_elf))
    console = [] if console is None else console
    with tempfile.TemporaryDirectory(prefix="trapdoor-walk32.") as tmp:
        trace = run_logged(kernel, walk_elf, cpu, pathlib.Path(tmp), cmdline=cmdline, args=args,
                           status_ok=status_ok, console_out=console)
    m = VSYSCALL_RE.search(console[0])
    if not m:
        raise WalkError(f"{walk_elf.name} printed no vsyscall line:\n" + console[0].decode(errors="replace"))
    vdso = int(m.group(1), 16)
    insns.update(disassemble_bytes(bytes.fromhex(m.group(2).decode().replace(" ", "")), vdso, "__kernel_vsyscall"))
    out = {}
    for name, func, mnemonics, title in rows:
        e = analyse(trace, insns, asm, func, mnemonics, title)
        e["cpu"] = cpu
        if func == "__kernel_vsyscall":
            e["vdso_before"], e["vdso_after"] = around(trace, marker_address(insns, func, mnemonics), func, insns)
        out[name] = e
    return out


def walk(kernel=KERNEL, walk_elf=WALK_ELF, cpu="max", asm_obj=ENTRY_ASM_OBJ, ia32=True):
    """Run the walk; returns the dict written to build/walk.json. With ia32, the 32-bit
    entries too (ENTRIES32: one more boot per CPU model, side by side)."""
    insns = disassemble(kernel)
    asm = asm_functions(asm_obj)
    jobs = [lambda: run64(kernel, walk_elf, cpu, insns, asm)]
    if ia32:
        jobs += [lambda c=c, r=r: walk32(kernel, insns, asm, c, r) for c, r in ENTRIES32.items()]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        parts = list(pool.map(lambda job: job(), jobs))
    result = {"kernel": os.path.relpath(kernel, ROOT), "cpu": cpu, "entries": {}}
    for part in parts:
        result["entries"].update(part)
    return result


def run64(kernel, walk_elf, cpu, kinsns, asm):
    """The 64-bit program's walk: ENTRIES, on cpu."""
    insns = dict(kinsns)
    insns.update(disassemble(walk_elf))
    with tempfile.TemporaryDirectory(prefix="trapdoor-walk.") as tmp:
        trace = run_logged(kernel, walk_elf, cpu, pathlib.Path(tmp))
    out = {}
    for name, (func, mnemonic, title) in ENTRIES.items():
        out[name] = analyse(trace, insns, asm, func, mnemonic, title)
        out[name]["cpu"] = cpu
    return out


def report(result, out=sys.stdout):
    """The walk as a learner reads it."""
    for name, e in result["entries"].items():
        width = max(len(r["where"]) for r in e["trace"])
        print(f"{name}: {e['title']}, {e['kernel_instructions']} kernel instructions (-cpu {e['cpu']})", file=out)
        if e.get("vdso_before"):
            print(f"  (user, the vDSO: __kernel_vsyscall: {'; '.join(e['vdso_before'])}; then)", file=out)
        for r in e["trace"]:
            print(f"  {r['ring']:<6} {r['where']:<{width}}  {r['text']}", file=out)
        if e.get("vdso_after"):
            print(f"  (user, the vDSO's landing pad: {'; '.join(e['vdso_after'])})", file=out)
        print(f"  exit: {e['exit']}: {EXITS.get(e['exit'], 'not a known exit instruction')}", file=out)
        print("  path: " + " -> ".join(f"{f} ({n})" for f, n in e["path"]) + " -> user", file=out)
        if e["stages"]:
            print("  stages: " + ", ".join(f"{k} {v}" for k, v in e["stages"].items()), file=out)
        print("  per function:", file=out)
        for f, n in e["per_function"].items():
            print(f"  {n:5d}  {f}", file=out)
        for r in e["rep"]:
            print(f"  note: {r['text']} at {r['where']} ran {r['iterations']} iterations; QEMU logs "
                  f"(and -icount counts) each one as an instruction", file=out)
        extra = ""
        if e["architectural_instructions"] != e["kernel_instructions"]:
            extra = f" = {e['architectural_instructions']} architectural instructions + rep iterations"
        print(f"  total: {e['kernel_instructions']} kernel instructions{extra} "
              f"(+{e['user_instructions']} user: the {e['trace'][0]['text']} itself)", file=out)
        print(file=out)


def record(result, path):
    """The regression baseline: kernel instructions per entry, and per function."""
    base = {
        "about": "Kernel instructions per getpid() round trip, as scripts/walk.py counted them "
                 "(the 32-bit entries from user/ia32/walk32.c, on the cpu each names, which must still "
                 "leave by the exit named). tests/suites/bench_regression.py fails if an entry needs more "
                 "than 10 % above this. Refresh after an optimization with: "
                 "make walk && python3 scripts/walk.py --quiet --record tests/bench/instructions.json",
        "cpu": result["cpu"],
    }
    for name, e in result["entries"].items():
        base[name] = {"kernel_instructions": e["kernel_instructions"], "per_function": e["per_function"]}
        if e["cpu"] != result["cpu"]:
            base[name]["cpu"] = e["cpu"]
            base[name]["exit"] = e["exit"]
    if path.exists():                   # what the walk does not measure (the signal round trip) stays
        old = json.loads(path.read_text())
        base.update({k: v for k, v in old.items() if k not in base})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(base, indent=1) + "\n")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default=str(BUILD / "walk.json"), help="where to write the JSON")
    ap.add_argument("--cpu", default="max", help="QEMU CPU model (default max)")
    ap.add_argument("--kernel", default=str(KERNEL))
    ap.add_argument("--quiet", action="store_true", help="write the JSON only")
    ap.add_argument("--no32", action="store_true", help="only the 64-bit program's entries (one boot)")
    ap.add_argument("--record", metavar="PATH",
                    help="also write the counts as the regression baseline (tests/bench/instructions.json)")
    args = ap.parse_args(argv)
    try:
        result = walk(pathlib.Path(args.kernel), WALK_ELF, args.cpu, ia32=not args.no32)
    except WalkError as e:
        print(f"walk.py: {e}", file=sys.stderr)
        return 1
    if not args.quiet:
        report(result)
    pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    if args.record:
        record(result, pathlib.Path(args.record))
    print("walk: " + ", ".join(f"{name} {e['kernel_instructions']}" for name, e in result["entries"].items())
          + f" kernel instructions per getpid; details in {os.path.relpath(args.json)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
