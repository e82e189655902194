# SPDX-License-Identifier: MIT
"""GDB stops the real kernel in its entry path and checks the entry contract
there (docs/design.md, "Zeroing the registers": every user GPR saved in
pt_regs, then zeroed before C), and the GDB tools of scripts/gdb/ work in
batch: those for system calls on init, those for signals (break-signal,
sigframe) on user/sighandler.c.

Each session boots its programs under QEMU, paused before the first
instruction, with a GDB stub on a port of its own, and runs `gdb -nx -batch`
with scripts/gdb/trapdoor.gdb and a list of commands. A small driver inside GDB
runs each command and keeps its output, so every check reads one command's
answer. The three sessions run side by side; QEMU is killed whatever happens."""
import concurrent.futures
import contextlib
import json
import os
import re
import socket
import subprocess
import tempfile

from trapdoor import ROOT, USER, build_iso, item, program, symbol, tail

PATTERN = 0x0123456789abcdef        # user/init.c: rdi's value, and the xor in fill()
MASK64 = (1 << 64) - 1
ENOSYS = 38
PT_REGS_SIZE = 0xa8                 # sizeof(struct pt_regs), include/asm/ptrace.h
NR_GETPPID, NR_IA32_GETPPID = 110, 64
USER_CS, USER_DS, KERNEL_CS = 0x33, 0x2b, 0x10
X86_EFLAGS_IF = 1 << 9
USER_REGS = ("ax", "bx", "cx", "dx", "si", "di", "bp",      # struct user_regs (user/include/user.h)
             "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15")
GPRS = ("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15")
TIMEOUT = 60

# Runs inside GDB: each command's output, or its error, as JSON on one line.
DRIVER = """
import json
results = []
for command in json.loads({commands!r}):
    try:
        results.append(gdb.execute(command, to_string=True))
    except gdb.error as e:
        results.append("error: " + str(e))
print("@@results " + json.dumps(results))
"""


def filled(nr):
    """The values user/init.c's fill() puts in struct user_regs before its call."""
    regs = {name: (0x1111111111111111 * (i + 1)) ^ PATTERN for i, name in enumerate(USER_REGS)}
    regs["ax"] = nr
    regs["di"] = PATTERN
    return regs


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def paused_qemu(iso, console, cpu=None):
    """QEMU on iso, stopped before its first instruction; yields its GDB stub's port."""
    port = free_port()
    qemu = subprocess.Popen(["sh", str(ROOT / "scripts" / "qemu-machine.sh"), str(iso),
                             "-S", "-gdb", f"tcp:127.0.0.1:{port}", "-serial", "stdio",
                             *(["-cpu", cpu] if cpu else [])],
                            stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
                            cwd=ROOT, env=dict(os.environ, ACCEL="tcg"), start_new_session=True)
    try:
        yield port
    finally:
        qemu.kill()             # qemu-machine.sh execs QEMU: this is QEMU itself
        qemu.wait()


def session(iso, steps, user_elf=None, cpu=None):
    """Boot iso paused and run steps, [(key, GDB command)], in one GDB, with user_elf's
    symbols (default init's). Returns ({key: output}, GDB's whole output, the console)."""
    commands = [command for _, command in steps]
    env = dict(os.environ, TRAPDOOR_USER_ELF=str(user_elf or USER / "init.elf"))
    with tempfile.TemporaryDirectory() as tmp:
        driver = os.path.join(tmp, "driver.py")
        with open(driver, "w") as f:
            f.write(DRIVER.format(commands=json.dumps(commands)))
        with open(os.path.join(tmp, "console"), "w+b") as console:
            with paused_qemu(iso, console, cpu) as port:
                try:
                    out = subprocess.run(["gdb", "-nx", "-batch", "-x", "scripts/gdb/trapdoor.gdb", "-x", driver],
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT,
                                         cwd=ROOT, env=dict(env, GDB_PORT=str(port))).stdout
                except subprocess.TimeoutExpired as e:
                    out = (e.stdout or b"") + f"\n(GDB killed after {TIMEOUT} s)".encode()
            console.seek(0)
            text = console.read().decode("utf-8", "replace")
    out = out.decode("utf-8", "replace")
    found = re.search(r"^@@results (.*)$", out, re.M)
    results = json.loads(found.group(1)) if found else [""] * len(steps)
    return {key: result for (key, _), result in zip(steps, results) if key}, out, text


def registers(text):
    """{register: value} from `info registers` output."""
    return {m.group(1): int(m.group(2), 16) for m in re.finditer(r"^(\w+)\s+(0x[0-9a-f]+)", text, re.M)}


def fields(text):
    """{field: value} from `p/x *(struct pt_regs *)...` output."""
    return {m.group(1): int(m.group(2), 16) for m in re.finditer(r"(\w+) = (0x[0-9a-f]+)", text)}


# ---- The entry contract, at the first C instruction of each entry ------------------

WHERE = "((struct pt_regs *)$rdi)"
CONTRACT_STEPS = [
    ("", f"break *do_syscall_64 if $rsi == {NR_GETPPID} && {WHERE}->di == {PATTERN:#x}"),
    ("", f"break *do_syscall_32 if {WHERE}->orig_ax == {NR_IA32_GETPPID} && {WHERE}->di == {PATTERN:#x}"),
    ("", "continue"),
    ("syscall.where", "frame"),
    ("syscall.regs", "info registers " + " ".join(GPRS) + " rip cs"),
    ("syscall.frame", f"p/x *{WHERE}"),
    ("", "continue"),
    ("int80.where", "frame"),
    ("int80.regs", "info registers " + " ".join(GPRS) + " rip cs"),
    ("int80.frame", f"p/x *{WHERE}"),
]


def check_entry(t, entry, results, nr, returns_to, frame_address, diag):
    """The checks at a stop in `entry`'s C function, on init's call with every register filled."""
    how = "syscall" if entry == "syscall" else "int 0x80"
    c_function = "do_syscall_64" if entry == "syscall" else "do_syscall_32"
    regs, frame = registers(results[f"{entry}.regs"]), fields(results[f"{entry}.frame"])
    want = filled(nr)
    stopped = t.ok(c_function in results[f"{entry}.where"],
                   f"GDB stops at {c_function} on init's {how} getppid with every register filled",
                   diag)
    if not stopped:
        return

    # Only rdi (the frame), rsi (the number, for SYSCALL), rsp and rip may hold anything.
    allowed = {"rdi", "rsp"} | ({"rsi"} if entry == "syscall" else set())
    dirty = {r: hex(v) for r, v in regs.items() if r in GPRS and r not in allowed | {"rax"} and v != 0}
    t.ok(not dirty, f"at {c_function} every GPR but rdi, rsp{', rsi' if entry == 'syscall' else ''} "
         "and rax is zero: no user value reaches C", dirty)
    t.ok(regs.get("rax") in (0, nr), f"at {c_function} rax holds nothing but, at most, the number",
         hex(regs.get("rax", -1)))
    t.ok(regs.get("rdi") == frame_address, f"at {c_function} rdi is the pt_regs at task_stack_top - 0xa8",
         hex(regs.get("rdi", -1)))
    if entry == "syscall":
        t.ok(regs.get("rsi") == nr, f"at {c_function} rsi is the number, {nr}", hex(regs.get("rsi", -1)))
    t.ok(regs.get("cs") == KERNEL_CS, f"at {c_function} the CPU runs in ring 0 (cs 0x10)", regs.get("cs"))

    # pt_regs holds what init loaded. SYSCALL itself put the return address in rcx and rflags in r11.
    saved = {"bx", "dx", "si", "di", "bp", "r8", "r9", "r10", "r12", "r13", "r14", "r15"}
    if entry == "int80":
        saved |= {"cx", "r11"}
    wrong = {f: (hex(frame.get(f, -1)), hex(want[f])) for f in sorted(saved) if frame.get(f) != want[f]}
    t.ok(not wrong, f"after {how}, pt_regs holds every register init loaded ({', '.join(sorted(saved))})", wrong)
    if entry == "syscall":
        t.ok(frame.get("cx") == frame.get("ip") and frame.get("r11") == frame.get("flags"),
             "after syscall, pt_regs->cx is the user rip and pt_regs->r11 the user rflags, as SYSCALL left them",
             {f: hex(frame.get(f, -1)) for f in ("cx", "ip", "r11", "flags")})
    t.ok(frame.get("orig_ax") == nr, f"after {how}, pt_regs->orig_ax is the number, {nr}", frame.get("orig_ax"))
    t.ok(frame.get("ax") == -ENOSYS & MASK64, f"after {how}, pt_regs->ax is -ENOSYS until the call runs",
         frame.get("ax"))
    t.ok(frame.get("cs") == USER_CS and frame.get("ss") == USER_DS,
         f"after {how}, pt_regs->cs is 0x33 and pt_regs->ss 0x2b, the user selectors",
         (frame.get("cs"), frame.get("ss")))
    t.ok(frame.get("ip") == returns_to, f"after {how}, pt_regs->ip is the instruction after it in init",
         (hex(frame.get("ip", -1)), hex(returns_to)))
    t.ok(frame.get("flags", 0) & X86_EFLAGS_IF and frame.get("sp", MASK64) < 1 << 47,
         f"after {how}, pt_regs->flags has IF set and pt_regs->sp is a user address",
         {f: hex(frame.get(f, -1)) for f in ("flags", "sp")})


def check_contract(t, results, out, console):
    frame_address = symbol("task_stack_top") - PT_REGS_SIZE
    init = USER / "init.elf"
    diag = tail(out, 15) + "\n--- console ---\n" + tail(console, 10)
    check_entry(t, "syscall", results, NR_GETPPID, symbol("syscall_with_regs_return", init), frame_address, diag)
    check_entry(t, "int80", results, NR_IA32_GETPPID, symbol("int80_with_regs_return", init), frame_address, diag)


# ---- The tools: cold start, user symbols, break-syscall, ptregs, syscall-args ------

TOOL_STEPS = [
    ("cold.break", "hbreak kernel_main"),
    ("", "continue"),
    ("cold.where", "frame"),
    ("cold.rdi", "info registers rdi"),
    ("", "delete"),
    ("", "user-symbols"),                   # a second time: replaces, does not add
    ("main.break", "break main"),
    ("", "continue"),
    ("main.where", "frame"),
    ("", "delete"),
    ("write.break", "break-syscall write"),
    ("", "continue"),
    ("write.where", "frame"),
    ("write.rax", "info registers rax"),
    ("write.args_at_entry", "syscall-args"),
    ("", "stepi"),
    ("write.stepped", "frame"),
    ("", "tbreak *do_syscall_64"),
    ("", "continue"),
    ("write.ptregs", "ptregs"),
    ("write.frame", "p/x *(struct pt_regs *)$rdi"),
    ("write.args", "syscall-args"),
    ("", "while $pc != entry_INT80_compat\n  continue\nend"),
    ("int80.rax", "info registers rax"),
    ("int80.args", "syscall-args"),
    ("", "delete"),
    ("any.break", "break-syscall"),
    ("", "continue"),
    ("any.where", "frame"),
    ("any.args", "syscall-args"),
    ("", "delete"),
    ("", "break *do_syscall_64 if $rsi == 9999"),
    ("", "continue"),
    ("unknown.args", "syscall-args"),
    ("nosuch", "break-syscall nosuch"),
    ("help.ptregs", "help ptregs"),
    ("help.syscall-args", "help syscall-args"),
    ("help.break-syscall", "help break-syscall"),
    ("help.user-symbols", "help user-symbols"),
]


def ptregs_rows(text):
    """{field: value} from the rows of ptregs: "  +0x78  orig_ax  0x0000000000000001  ..." """
    rows = re.finditer(r"^\s+\+0x[0-9a-f]+\s+(\w+)\s+(0x[0-9a-f]{16})", text, re.M)
    return {m.group(1): int(m.group(2), 16) for m in rows}


def check_tools(t, r, out, console):
    t.ok("Remote 'g' packet reply is too long" not in out,
         "GDB attaches before the first instruction without \"Remote 'g' packet reply is too long\"",
         tail(out) + "\n--- console ---\n" + tail(console, 10))
    t.ok("kernel_main" in r["cold.where"] and registers(r["cold.rdi"]).get("rdi") == 0x36d76289,
         "from a cold start, hbreak kernel_main stops there with rdi = 0x36d76289, the multiboot2 magic",
         r["cold.break"] + r["cold.where"] + r["cold.rdi"])
    t.ok(re.search(r"Breakpoint \d+ at 0x4[0-9a-f]+: file user/init\.c", r["main.break"])
         and re.search(r"\bmain \(.*\) at user/init\.c", r["main.where"]),
         "with init's symbols (user-symbols, loaded twice), break main stops in init's main",
         r["main.break"] + r["main.where"])

    at_entry = re.search(r"entry_SYSCALL_64 \(\) at arch/x86/entry/entry_64\.asm:(\d+)", r["write.where"])
    t.ok(at_entry and registers(r["write.rax"]).get("rax") == 1,
         "break-syscall write stops at entry_SYSCALL_64 with rax = 1",
         r["write.break"] + r["write.where"] + r["write.rax"])
    stepped = re.search(r"entry_SYSCALL_64 \(\) at arch/x86/entry/entry_64\.asm:(\d+)", r["write.stepped"])
    t.ok(at_entry and stepped and stepped.group(1) != at_entry.group(1),
         "stepi from there moves to the next line of entry_64.asm: NASM's line info works", r["write.stepped"])
    t.ok(re.fullmatch(r'write\(fd=1, buf=0x[0-9a-f]+ ".*"(\.\.\.)?, count=\d+\)\n', r["write.args_at_entry"]),
         "syscall-args at the entry, before the frame is built, decodes write from the registers",
         r["write.args_at_entry"])

    frame, rows = fields(r["write.frame"]), ptregs_rows(r["write.ptregs"])
    t.ok(frame and rows == frame, "ptregs at do_syscall_64 shows every field of pt_regs with its value",
         r["write.ptregs"] + r["write.frame"])
    t.ok(all(s in r["write.ptregs"] for s in ("nr 1 (syscall): write", "arg 1: fd", "__USER_CS", "__USER_DS",
                                              "IF", "hardware frame", "PUSH_AND_CLEAR_REGS")),
         "ptregs annotates orig_ax as write, the arguments, the selectors, the flags and the frame's parts",
         r["write.ptregs"])
    decoded = re.fullmatch(r'write\(fd=1, buf=(0x[0-9a-f]+) ".*"(?:\.\.\.)?, count=(\d+)\)\n', r["write.args"])
    t.ok(decoded and int(decoded.group(1), 16) == frame.get("si") and int(decoded.group(2)) == frame.get("dx"),
         "syscall-args at do_syscall_64 prints write(fd=1, buf=..., count=N) from pt_regs", r["write.args"])

    t.ok(registers(r["int80.rax"]).get("rax") == 4 and re.fullmatch(
            r'write\(fd=1, buf=0x[0-9a-f]+ "# write via int 0x80\\n", count=21\) <int80>\n', r["int80.args"]),
         "break-syscall write stops at entry_INT80_compat too, with rax = 4, decoded as an int80 write",
         r["int80.rax"] + r["int80.args"])
    t.ok(re.search(r"entry_(SYSCALL_64|INT80_compat) \(\)", r["any.where"])
         and re.fullmatch(r"\w+\(.*\)( <int80>)?\n", r["any.args"]),
         "break-syscall with no name stops at the entry of the next call", r["any.where"] + r["any.args"])
    t.ok(r["unknown.args"] == "syscall_9999(0, 0, 0, 0, 0, 0)\n",
         "syscall-args prints an unknown number as syscall_N with its raw arguments", r["unknown.args"])
    t.ok(r["nosuch"].startswith("error: no system call named 'nosuch'"),
         "break-syscall with an unknown name says so", r["nosuch"])
    undocumented = [c for c in ("ptregs", "syscall-args", "break-syscall", "user-symbols")
                    if "Usage: " + c not in r["help." + c]]
    t.ok(not undocumented, "help documents ptregs, syscall-args, break-syscall and user-symbols", undocumented)


# ---- The 32-bit entries: break-syscall, syscall-args and ptregs on walk32.elf -------

# -cpu model -> (its vDSO's entry stub, syscall-args' tag for it)
COMPAT_CPUS = {"Haswell-noTSX-IBRS": ("entry_SYSENTER_compat", "sysenter"),
               "qemu64": ("entry_SYSCALL_compat", "syscall32")}
VDSO_WRITE = "walk32: write through the vDSO\\n"      # user/ia32/walk32.c's "gdb" line, as printed


def compat_steps(entry):
    return [
        ("write.break", "break-syscall write"),
        ("", f"while $pc != {entry}\n  continue\nend"),     # past the int $0x80 writes
        ("entry.where", "frame"),
        ("entry.args", "syscall-args"),
        ("", "delete"),
        ("", "tbreak *do_syscall_32"),
        ("", "continue"),
        ("before.ptregs", "ptregs"),
        ("before.args", "syscall-args"),
        ("", "tbreak *__ia32_sys_write"),
        ("", "continue"),
        ("after.ptregs", "ptregs"),
        ("after.args", "syscall-args"),
        ("after.frame", "p/x *(struct pt_regs *)(task_stack_top - sizeof(struct pt_regs))"),
        ("pad", "p/x current->vdso32_pad"),
        ("getpid.break", "break-syscall getpid"),
        ("", "continue"),                                   # walk32's int $0x80 getpid
        ("", "continue"),                                   # and its getpid through the vDSO
        ("getpid.where", "frame"),
    ]


def ptregs_row(text, field):
    m = re.search(rf"^\s+\+0x[0-9a-f]+\s+{field}\s.*$", text, re.M)
    return m.group(0) if m else ""


def check_compat(t, cpu, r, out, console):
    entry, tag = COMPAT_CPUS[cpu]
    insn = "sysenter" if tag == "sysenter" else "syscall from 32-bit code"
    diag = tail(out, 15) + "\n--- console ---\n" + tail(console, 10)
    t.ok(re.search(rf"stops only write via {insn}.*: \$eax == 4", r["write.break"])
         and "via int $0x80: $eax == 4" in r["write.break"],
         f"-cpu {cpu}: break-syscall write sets a breakpoint on {entry} too ($eax == 4)", r["write.break"] + diag)
    t.ok(f"{entry} ()" in r["entry.where"], f"-cpu {cpu}: it stops a 32-bit write through the vDSO at {entry}",
         r["entry.where"] + diag)
    want = rf'write\(fd=1, buf=0x[0-9a-f]+ "{re.escape(VDSO_WRITE)}", count=31\) <{tag}>\n'
    for when in ("entry", "before", "after"):
        where = {"entry": f"at {entry}, from the registers", "before": "at do_syscall_32, before C's fix-ups",
                 "after": "in __ia32_sys_write, after them"}[when]
        t.ok(re.fullmatch(want, r[f"{when}.args"]),
             f"-cpu {cpu}: syscall-args {where}, decodes write(fd=1, buf, count=31) <{tag}>",
             r[f"{when}.args"])
    after, before = r["after.ptregs"], r["before.ptregs"]
    frame, rows = fields(r["after.frame"]), ptregs_rows(after)
    pad = re.search(r"= (0x[0-9a-f]+)", r["pad"])
    pad = int(pad.group(1), 16) if pad else None
    t.ok(frame and rows == frame and f"saved by {entry}" in after and "__USER32_CS" in after
         and "compatibility mode" in after and "bx, cx, dx, si, di, bp" in after,
         f"-cpu {cpu}: ptregs explains the compat frame: saved by {entry}, cs 0x23 = __USER32_CS, "
         "the ia32 argument registers", after + r["after.frame"])
    t.ok(pad and frame.get("ip") == pad and "landing pad" in ptregs_row(after, "ip")
         and "arg 6" in ptregs_row(after, "bp") and "[esp]" in ptregs_row(after, "bp"),
         f"-cpu {cpu}: after C's fix-ups ptregs shows ip = the vDSO's landing pad and bp = arg 6 from [esp]",
         after + r["pad"])
    if tag == "sysenter":
        t.ok("from ebp" in ptregs_row(after, "sp") and "0 until C writes" in ptregs_row(before, "ip"),
             f"-cpu {cpu}: ptregs says SYSENTER's sp came from ebp, and ip is 0 until C writes the landing pad",
             after + before)
    else:
        t.ok("copied from ebp" in ptregs_row(after, "cx") and "return address" in ptregs_row(before, "ip")
             and "return address" in ptregs_row(before, "cx"),
             f"-cpu {cpu}: ptregs says SYSCALL32's cx (arg 2) came from ebp, and ip was its return address",
             after + before)
    t.ok(f"{entry} ()" in r["getpid.where"] and "via int $0x80" in r["getpid.break"],
         f"-cpu {cpu}: break-syscall getpid stops a 32-bit getpid at int $0x80, then at {entry}",
         r["getpid.break"] + r["getpid.where"] + diag)


# ---- The signal tools: break-signal, sigframe, on user/sighandler.c ----------------

SIGNAL_STEPS = [
    ("usr1.break", "break-signal SIGUSR1"),
    ("usr1.stop", "continue"),
    ("usr1.where", "frame"),
    ("usr1.regs", "p/x *(struct pt_regs *)(task_stack_top - sizeof(struct pt_regs))"),
    ("usr1.sigframe", "sigframe"),
    ("usr1.gdb", "p/x *(struct rt_sigframe *)((struct pt_regs *)(task_stack_top - sizeof(struct pt_regs)))->sp"),
    ("", "delete"),
    ("", "tbreak *on_usr1"),
    ("", "continue"),
    ("handler.regs", "info registers rsp rip cs"),
    ("handler.sigframe", "sigframe"),
    ("segv.break", "break-signal 11"),
    ("segv.stop", "continue"),
    ("segv.sigframe", "sigframe"),
    ("segv.bad_address", "p/x bad_address"),
    ("", "delete"),
    ("any.break", "break-signal"),
    ("term.stop", "continue"),
    ("term.where", "frame"),
    ("nosuch", "break-signal SIGNOPE"),
    ("help.sigframe", "help sigframe"),
    ("help.break-signal", "help break-signal"),
]


def sigframe_rows(text):
    """{field: value} from the rows of sigframe: "  +0x0b0  ip  0x0000000000400229  ..." """
    rows = re.finditer(r"^\s+\+0x[0-9a-f]+\s+(\w+)\s+(0x[0-9a-f]+)", text, re.M)
    return {m.group(1): int(m.group(2), 16) for m in rows}


def sigframe_row(text, field):
    """The whole row of field (its note included), or ""."""
    m = re.search(rf"^\s+(?:\+|fpstate\+)0x[0-9a-f]+\s+{field}\s.*$", text, re.M)
    return m.group(0) if m else ""


def check_signals(t, r, out, console):
    diag = tail(out, 15) + "\n--- console ---\n" + tail(console, 10)
    regs, sigframe = fields(r["usr1.regs"]), r["usr1.sigframe"]
    frame = regs.get("sp", -1)
    handler = symbol("on_usr1", USER / "sighandler.elf")

    t.ok("stops when SIGUSR1's handler is about to run: ks->sig == 10 && regs->ip == ks->ka.sa_handler"
         in r["usr1.break"] and "default action ends the program: $edi == 10" in r["usr1.break"],
         "break-signal SIGUSR1 sets a breakpoint on the ksignal's sig, and one on the default action's",
         r["usr1.break"])
    stop = re.search(r"^SIGUSR1 \(10\), SI_TKILL, for pid 1 \(sighandler\): its handler runs next, (0x[0-9a-f]+) "
                     r"<on_usr1> user/sighandler\.c:\d+\n  setup_rt_frame built the frame at (0x[0-9a-f]+)",
                     r["usr1.stop"], re.M)
    t.ok(stop and int(stop.group(1), 16) == handler == regs.get("ip") and int(stop.group(2), 16) == frame,
         "continue stops after setup_rt_frame, naming SIGUSR1, SI_TKILL, the program, its handler and the frame",
         r["usr1.stop"] + r["usr1.regs"] + diag)
    t.ok(re.search(r"\bhandle_signal \(.*\) at arch/x86/kernel/signal\.c:\d+", r["usr1.where"]),
         "break-signal stops in handle_signal", r["usr1.where"])

    # sigframe in the kernel: the frame at pt_regs->sp, every row as GDB itself reads the struct.
    rows, raw = sigframe_rows(sigframe), fields(r["usr1.gdb"])
    wrong = {f: (hex(v), hex(raw.get(f, -1))) for f, v in rows.items() if f in raw and raw[f] != v}
    t.ok(sigframe.startswith(f"struct rt_sigframe at {frame:#x} (pt_regs->sp") and not wrong
         and {f for f in raw if f in rows} >= {"pretcode", "uc_flags", "r8", "ip", "ss", "fpstate", "uc_sigmask",
                                               "si_signo", "si_code", "si_pid"},
         "sigframe at that stop shows the frame at pt_regs->sp, each row as p *(struct rt_sigframe *) reads it",
         sigframe + r["usr1.gdb"] + str(wrong))
    t.ok("<__restore_rt> user/sys.asm" in sigframe_row(sigframe, "pretcode")
         and rows.get("pretcode") == symbol("__restore_rt", USER / "sighandler.elf"),
         "sigframe names pretcode's restorer, __restore_rt", sigframe_row(sigframe, "pretcode"))
    t.ok("-6 = SI_TKILL" in sigframe_row(sigframe, "si_code") and "SIGUSR1" in sigframe_row(sigframe, "si_signo")
         and rows.get("si_pid") == 1,
         "sigframe decodes the siginfo: SIGUSR1, SI_TKILL, from pid 1", sigframe)
    ip = rows.get("ip", 0)
    t.ok(re.search(r"<syscall6\+\d+> user/sys\.asm:\d+, user", sigframe_row(sigframe, "ip"))
         and 0 < ip - symbol("syscall6", USER / "sighandler.elf") < 64,
         "sigframe's ip is the interrupted code: the instruction after tgkill's syscall in syscall6",
         sigframe_row(sigframe, "ip"))
    named = {"uc_flags": "UC_FP_XSTATE|UC_SIGCONTEXT_SS|UC_STRICT_RESTORE_SS", "uc_sigmask": "[ SIGUSR2 ]",
             "ss_flags": "SS_DISABLE", "cs": "__USER_CS", "flags": " IF "}
    t.ok(all(text in sigframe_row(sigframe, field) for field, text in named.items()),
         "sigframe names the uc_flags, the blocked mask (SIGUSR2), the altstack's flags, cs and the flags",
         sigframe)
    magic1, magic2 = sigframe_row(sigframe, "magic1"), sigframe_row(sigframe, "magic2")
    t.ok(re.search(r"fpstate\+0x1d0\s+magic1\s+0x46505853\s+FP_XSTATE_MAGIC1", magic1)
         and re.search(r"magic2\s+0x46505845\s+FP_XSTATE_MAGIC2 at fpstate \+ xstate_size", magic2)
         and all("(the default)" in sigframe_row(sigframe, field) for field in ("fcw", "mxcsr")),
         "sigframe shows the FPU image's FCW and MXCSR, and both XSAVE magic words where Linux puts them",
         magic1 + "\n" + magic2 + "\n" + sigframe)
    t.ok(re.search(r"^  pt_regs will start the handler on this frame: on_usr1\(10, &frame->info, &frame->uc\), "
                   rf"at {handler:#x} <on_usr1> user/sighandler\.c:\d+$", sigframe, re.M)
         and "warning" not in sigframe,
         "sigframe says pt_regs will start on_usr1 on that frame, and has no warning", sigframe)

    # sigframe in ring 3, at the handler's first instruction: the same frame, at $rsp.
    cpu = registers(r["handler.regs"])
    ring3 = r["handler.sigframe"]
    t.ok(cpu.get("rip") == handler and cpu.get("rsp") == frame and cpu.get("cs", 0) & 3 == 3
         and ring3.startswith(f"struct rt_sigframe at {frame:#x} ($rsp") and sigframe_rows(ring3) == rows
         and "the CPU is at the handler's first instruction" in ring3,
         "at the handler's first instruction, sigframe shows the same frame, at $rsp", r["handler.regs"] + ring3)

    # A fault's frame: SIGSEGV with SEGV_MAPERR and si_addr.
    segv, bad = r["segv.sigframe"], re.search(r"= (0x[0-9a-f]+)", r["segv.bad_address"])
    bad = int(bad.group(1), 16) if bad else None
    segv_rows = sigframe_rows(segv)
    t.ok(re.search(r"^SIGSEGV \(11\), SEGV_MAPERR, for pid 1 \(sighandler\): its handler runs next, 0x[0-9a-f]+ "
                   r"<on_segv>", r["segv.stop"], re.M),
         "break-signal 11 stops at the SIGSEGV delivery, SEGV_MAPERR, for on_segv", r["segv.stop"] + diag)
    t.ok("1 = SEGV_MAPERR" in sigframe_row(segv, "si_code") and bad is not None
         and segv_rows.get("si_addr") == bad == segv_rows.get("cr2") and "#PF" in sigframe_row(segv, "trapno")
         and "<poke>" in sigframe_row(segv, "ip") and "[ W U ]" in sigframe_row(segv, "err"),
         "sigframe of the fault: SEGV_MAPERR, si_addr and cr2 are bad_address, #PF, a user write, ip in poke",
         segv + r["segv.bad_address"])

    # No handler: the default action.
    t.ok(re.search(r"^SIGTERM \(15\) ends pid 2 \(sighandler\): no handler runs, the default action",
                   r["term.stop"], re.M) and re.search(r"\bprogram_kill \(sig=15\)", r["term.where"]),
         "break-signal with no name stops where SIGTERM's default action kills the next program",
         r["any.break"] + r["term.stop"] + r["term.where"])
    t.ok(r["nosuch"].startswith("error: no signal named 'SIGNOPE'"), "break-signal with an unknown name says so",
         r["nosuch"])
    undocumented = [c for c in ("sigframe", "break-signal") if "Usage: " + c not in r["help." + c]]
    t.ok(not undocumented, "help documents sigframe and break-signal", undocumented)


# ---- sigframe on a 32-bit handler's frame: the i386 build of tests/realprogs/sig32.c ----

SIG32 = ROOT / "build" / "gdb" / "sig32"    # tests/realprogs/sig32.c, built here for i386 with musl


def build_sig32():
    """None, or why sig32 could not be built (realprogs32's compiler and flags, its own file)."""
    import realprogs32_harness as h
    import realprogs_harness as rp
    compiler = next(c for _, d, c in h.LIBCS if d == "musl")
    why = h.missing("musl")
    if why:
        return why
    src = rp.SRC / "sig32.c"
    return h.compile_one([*compiler, *rp.CFLAGS, *h.CFLAGS32, str(src), *rp.LIBS], [src, *rp.SRC.glob("*.h")], SIG32)
SIG32_STEPS = [
    ("", "break-signal SIGUSR1"),
    ("stop", "continue"),
    ("kernel", "sigframe"),
    ("", "delete"),
    ("", "tbreak *(unsigned long)ks->ka.sa_handler"),
    ("", "continue"),
    ("regs", "info registers rsp cs"),
    ("user", "sigframe"),
]


def check_sig32(t, r, out, console):
    """sigframe explains a 32-bit frame: struct rt_sigframe_ia32, its arguments, the
    sigcontext_32's selectors and the FPU image's FSAVE header."""
    kernel, user, regs = r.get("kernel", ""), r.get("user", ""), registers(r.get("regs", ""))
    found = re.search(r"^struct rt_sigframe_ia32 at (0x[0-9a-f]+) \(pt_regs->sp", kernel, re.M)
    t.ok(found and "SIGUSR1 (10): handler(sig, &info, &uc)" in kernel,
         "sigframe at a 32-bit delivery shows struct rt_sigframe_ia32 at pt_regs->sp",
         kernel or out[-3000:] + tail(console, 10))
    rows = ("&frame->info", "&frame->uc", "0 = SI_USER", "__USER32_CS", "a TLS slot (set_thread_area)",
            "[ SIGWINCH ]: signals 1-32 of the mask", "b8 ad 00 00 00 cd 80 00",
            "0: the FXSAVE/XSAVE image follows at fpstate+0x70", "FP_XSTATE_MAGIC1")
    missing = [row for row in rows if row not in kernel]
    t.ok(not missing, "sigframe explains the 32-bit frame: pinfo, puc, siginfo, cs, the TLS gs, oldmask, "
         "retcode, the FSAVE header's magic, the image's software bytes", f"missing: {missing}\n{kernel}")
    at = re.search(r"^struct rt_sigframe_ia32 at (0x[0-9a-f]+) \(\$esp", user, re.M)
    t.ok(found and at and int(at.group(1), 16) == int(found.group(1), 16) == regs.get("rsp")
         and regs.get("cs") == 0x23,
         "at the 32-bit handler's first instruction, sigframe shows the same frame, at $esp", user + r.get("regs", ""))


def run(t):
    iso = build_iso("gdb", [program("init")])
    signals_iso = build_iso("gdb-signals", [program("sighandler"), program("sighandler", "term")])
    compat_iso = build_iso("gdb-compat", [program("ia32/walk32", "gdb")])
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        contract = pool.submit(session, iso, CONTRACT_STEPS)
        tools = pool.submit(session, iso, TOOL_STEPS)
        signals = pool.submit(session, signals_iso, SIGNAL_STEPS, USER / "sighandler.elf")
        compat = {cpu: pool.submit(session, compat_iso, compat_steps(entry), None, cpu)
                  for cpu, (entry, _) in COMPAT_CPUS.items()}
        check_contract(t, *contract.result())
        check_tools(t, *tools.result())
        check_signals(t, *signals.result())
        for cpu, job in compat.items():
            check_compat(t, cpu, *job.result())
    why = build_sig32()
    if why:
        t.skip("sigframe explains a 32-bit frame", f"tests/realprogs/sig32.c cannot be built for i386: {why}")
        return
    check_sig32(t, *session(build_iso("gdb-sig32", [item(str(SIG32.relative_to(ROOT)), "info")]), SIG32_STEPS,
                            USER / "alive.elf"))
