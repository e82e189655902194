# SPDX-License-Identifier: MIT
"""Reading a signal frame in GDB, and finding where the kernel delivers a signal.
The commands sigframe and break-signal in scripts/gdb/trapdoor.py print what
this module finds.

As in pt_regs.py, nothing about the kernel is written down twice: the layout of
struct rt_sigframe (and of the siginfo_t, ucontext and sigcontext in it) comes
from the kernel's debug information; signal numbers, si_code values, the
uc_flags and ss_flags bits and the XSAVE magic words from the headers the
kernel is built from (include/uapi/asm/signal.h and sigcontext.h). Listed here
are only x86 facts (where FXSAVE puts FCW, MXCSR and the software bytes, the
XSAVE components) and what each si_code means in words.

Where the frame is (arch/x86/kernel/signal.c, setup_rt_frame): below the
interrupted stack pointer's red zone, or on the alternate stack; the FPU image
above it, 64-byte aligned, which sigcontext.fpstate points at. The handler
starts with rsp at the frame (its first word, pretcode, is its return address),
rdi = the signal, rsi = &frame->info, rdx = &frame->uc.
"""
import re

import gdb

from pt_regs import (INT80 as INT80_ABI, ROOT, SYSCALL, USER_END, current_frame_address, describe_code,
                     describe_flags, describe_selector, entered_by, kernel_file_tables, read_bytes, read_frame,
                     register, syscall_numbers)

SIGNAL_H = ROOT / "include" / "uapi" / "asm" / "signal.h"
SIGCONTEXT_H = ROOT / "include" / "uapi" / "asm" / "sigcontext.h"

# FXSAVE's layout (the legacy part of every FPU image): Intel SDM vol. 1, 10.5.1.
FXSAVE_FCW, FXSAVE_MXCSR, FXSAVE_SIZE = 0, 24, 512
SW_BYTES = 464              # the 48 bytes FXSAVE leaves to software: struct _fpx_sw_bytes
FCW_DEFAULT, MXCSR_DEFAULT = 0x037f, 0x1f80     # as FNINIT and reset leave them: what programs start with
# XCR0's bits: the components an XSAVE image may hold (SDM vol. 1, 13.1).
XFEATURES = ((0, "x87"), (1, "SSE"), (2, "AVX"), (5, "opmask"), (6, "ZMM_Hi256"), (7, "Hi16_ZMM"),
             (9, "PKRU"))
# MXCSR: exception flags, DAZ, masks, rounding, FZ (SDM vol. 1, 10.2.3).
MXCSR_BITS = ((0, "IE"), (1, "DE"), (2, "ZE"), (3, "OE"), (4, "UE"), (5, "PE"), (6, "DAZ"),
              (7, "IM"), (8, "DM"), (9, "ZM"), (10, "OM"), (11, "UM"), (12, "PM"), (15, "FZ"))

# The page fault's vector and error code bits (SDM vol. 3, 4.7).
PF_VECTOR = 14
PF_ERROR_BITS = ((0, "P"), (1, "W"), (2, "U"), (3, "RSVD"), (4, "I"), (5, "PK"), (15, "SGX"))

# In words, what sent the signal: by si_code name (the values are signal.h's).
CODE_MEANINGS = {
    "SI_USER": "sent by kill()", "SI_KERNEL": "sent by the kernel", "SI_TKILL": "sent by tkill() or tgkill()",
    "SEGV_MAPERR": "nothing is mapped at si_addr", "SEGV_ACCERR": "the mapping at si_addr forbids that access",
    "BUS_ADRALN": "a misaligned access (RFLAGS.AC)", "ILL_ILLOPN": "an illegal operand (#UD)",
    "FPE_INTDIV": "integer divide by zero", "FPE_INTOVF": "integer overflow",
    "FPE_FLTDIV": "floating-point divide by zero", "FPE_FLTOVF": "floating-point overflow",
    "FPE_FLTUND": "floating-point underflow", "FPE_FLTRES": "floating-point inexact result",
    "FPE_FLTINV": "invalid floating-point operation",
    "TRAP_BRKPT": "a breakpoint (int3)", "TRAP_TRACE": "a single step (RFLAGS.TF)",
}
# The signals whose positive si_code values have their own names, and the prefix of those names.
CODE_PREFIX = {"SIGSEGV": "SEGV_", "SIGBUS": "BUS_", "SIGILL": "ILL_", "SIGFPE": "FPE_", "SIGTRAP": "TRAP_"}


# ---- The headers ---------------------------------------------------------------------

def header_defines(path, pattern):
    """{name: value} of each `#define NAME VALUE` in path whose NAME matches pattern and
    whose VALUE is a number: 10, 0x80, (-6), 0x46505853U, (1U << 31)."""
    found = {}
    for m in re.finditer(r"^#define\s+(\w+)\s+(.+?)\s*(?:/\*.*)?$", path.read_text(), re.M):
        name, text = m.group(1), re.sub(r"(?<=[0-9a-fA-F])[UL]+\b", "", m.group(2)).strip("() ")
        if not re.fullmatch(pattern, name):
            continue
        shift = re.fullmatch(r"(\d+)\s*<<\s*(\d+)", text)
        try:
            found[name] = int(shift.group(1)) << int(shift.group(2)) if shift else int(text, 0)
        except ValueError:
            pass
    return found


def signal_numbers():
    """{"SIGUSR1": 10, ...}; SIGRTMIN is a number, not a signal name of its own here."""
    return {n: v for n, v in header_defines(SIGNAL_H, r"SIG[A-Z0-9]+").items() if n != "SIGRTMIN"}


def signal_name(sig):
    """"SIGUSR1" for 10; "SIGRTMIN+2" for 34; "signal 70" for what is none."""
    names = {v: n for n, v in signal_numbers().items()}
    limits = header_defines(SIGNAL_H, r"SIGRTMIN|_NSIG")
    rtmin, nsig = limits["SIGRTMIN"], limits["_NSIG"]
    if sig in names:
        return names[sig]
    return f"SIGRTMIN+{sig - rtmin}" if rtmin <= sig <= nsig else f"signal {sig}"


def parse_signal(text):
    """The number of SIGUSR1, USR1, usr1 or 10; None if text names no signal."""
    nsig = header_defines(SIGNAL_H, r"_NSIG")["_NSIG"]
    if re.fullmatch(r"\d+", text):
        return int(text) if 1 <= int(text) <= nsig else None
    name = text.upper()
    name = name if name.startswith("SIG") else "SIG" + name
    rt = re.fullmatch(r"SIGRTMIN(?:\+(\d+))?", name)
    if rt:
        sig = header_defines(SIGNAL_H, r"SIGRTMIN")["SIGRTMIN"] + int(rt.group(1) or 0)
        return sig if sig <= nsig else None
    return signal_numbers().get(name)


def describe_mask(mask):
    """"[ SIGUSR2 SIGALRM ]": the signals whose bit (n - 1) is set."""
    return "[ " + " ".join(signal_name(bit + 1) for bit in range(64) if mask >> bit & 1) + " ]"


def describe_si_code(signo, code):
    """"SI_TKILL: sent by tkill() or tgkill()" for si_code -6."""
    codes = header_defines(SIGNAL_H, r"SI_\w+|(SEGV|BUS|ILL|FPE|TRAP)_[A-Z]+")
    general = [n for n, v in codes.items() if n.startswith("SI_") and v == code]
    prefix = CODE_PREFIX.get(signal_name(signo))
    specific = [n for n, v in codes.items() if prefix and n.startswith(prefix) and v == code]
    name = (general or specific or [None])[0]
    if name is None:
        return f"si_code {code}: no name for it with {signal_name(signo)}"
    return f"{name}" + (f": {CODE_MEANINGS[name]}" if name in CODE_MEANINGS else "")


def describe_bits(value, names):
    """"UC_FP_XSTATE|UC_SIGCONTEXT_SS", and any bit without a name as a number."""
    known = [n for n, v in sorted(names.items(), key=lambda nv: nv[1]) if v and value & v == v]
    rest = value & ~sum(names[n] for n in known)
    return "|".join(known + ([hex(rest)] if rest else [])) or "0"


# ---- The frame's layout ------------------------------------------------------------

def sigframe_type():
    return gdb.lookup_type("struct rt_sigframe")


def layout(gdb_type, base=0, path=""):
    """{dotted path: (offset, gdb type)} of every field of gdb_type, structs and unions
    included, from the kernel's debug information. An anonymous union adds no name."""
    fields = {}
    for f in gdb_type.strip_typedefs().fields():
        name = f"{path}.{f.name}" if f.name and path else f.name or path
        offset, kind = base + f.bitpos // 8, f.type.strip_typedefs()
        if f.name:
            fields[name] = (offset, f.type)
        if kind.code in (gdb.TYPE_CODE_STRUCT, gdb.TYPE_CODE_UNION):
            fields.update(layout(kind, offset, name))
    return fields


class Frame:
    """A struct rt_sigframe (or another frame type) read from memory at addr, its
    fields by dotted path (frame["uc.uc_mcontext.ip"], frame["info.kill.si_pid"])."""

    def __init__(self, addr, gdb_type=None):
        gdb_type = gdb_type or sigframe_type()
        self.addr = addr
        self.fields = layout(gdb_type)
        try:
            self.raw = read_bytes(addr, gdb_type.sizeof)
        except gdb.MemoryError:
            raise gdb.GdbError(f"cannot read a {gdb_type} at {addr:#x}: not mapped now (a user "
                               "address is mapped only while its program runs: stop in it, or in the kernel "
                               "on its behalf)")

    def offset(self, name):
        return self.fields[name][0]

    def __getitem__(self, name):
        offset, kind = self.fields[name]
        size = kind.strip_typedefs().sizeof
        signed = kind.strip_typedefs().code == gdb.TYPE_CODE_INT and kind.strip_typedefs().is_signed
        return int.from_bytes(self.raw[offset:offset + size], "little", signed=signed)

    def size(self, name):
        return self.fields[name][1].strip_typedefs().sizeof


# ---- Where the frame is ------------------------------------------------------------

def default_frame():
    """(address, how it was found) of the frame the program's stack pointer points at:
    $rsp in ring 3 (at a handler's first instruction the frame is there); in the
    kernel, pt_regs->sp (right after setup_rt_frame built the frame and pointed
    pt_regs at the handler), or pt_regs->sp - 8 in an rt_sigreturn call (the
    handler's ret has popped pretcode)."""
    if register("cs") & 3 == 3:
        return register("rsp"), "$rsp: the handler's stack pointer at its first instruction"
    regs = read_frame(current_frame_address())
    nr = syscall_numbers(SYSCALL).get("rt_sigreturn")
    if entered_by(regs) is SYSCALL and regs["orig_ax"] == nr:
        return regs["sp"] - 8, "pt_regs->sp - 8: the frame rt_sigreturn reads back"
    return regs["sp"], "pt_regs->sp: the stack pointer the handler will start with"


def handler_call(frame):
    """What will run on this frame, if the registers are set up to start its handler:
    pt_regs in the kernel (after setup_rt_frame), the CPU itself in ring 3."""
    if register("cs") & 3 == 3:
        regs, whose = {r: register("r" + r) for r in ("ip", "sp", "di", "si", "dx")}, "the CPU"
    else:
        regs, whose = read_frame(current_frame_address()), "pt_regs"
    sig = frame["info.si_signo"]
    if (regs["sp"], regs["di"], regs["si"], regs["dx"]) != (
            frame.addr, sig, frame.addr + frame.offset("info"), frame.addr + frame.offset("uc")):
        return None
    handler = regs["ip"]
    name = gdb.format_address(handler)
    name = name[name.index("<") + 1:name.index(">")] if "<" in name else f"(*{handler:#x})"
    call = f"{name}({sig}, &frame->info, &frame->uc)"
    if whose == "pt_regs":
        return f"pt_regs will start the handler on this frame: {call}, at {code_address(handler)}"
    return f"the CPU is at the handler's first instruction, with this frame at rsp: {call}"


def code_address(addr):
    """"0x401510 <on_usr1> user/sighandler.c:41": an address of code, its symbol and line."""
    return f"{addr:#x} " + describe_code(addr).rsplit(", ", 1)[0]


# ---- Formatting the frame ----------------------------------------------------------

HEADINGS = {
    "pretcode": "the handler's return address, as a call would push it",
    "uc.uc_flags": "uc: struct ucontext, the handler's third argument (rdx)",
    "uc.uc_stack.ss_sp": "uc.uc_stack: the alternate signal stack (sigaltstack) when the signal came",
    "uc.uc_mcontext.r8": ("uc.uc_mcontext: struct sigcontext, the interrupted registers; "
                          "rt_sigreturn loads them back"),
    "uc.uc_sigmask": "uc.uc_sigmask: the blocked signals when the signal came; rt_sigreturn restores them",
    "info.si_signo": "info: siginfo_t, the handler's second argument (rsi)",
}

# The rows, in the frame's order; which siginfo union member is shown depends on si_code.
ROWS = (["pretcode", "uc.uc_flags", "uc.uc_link", "uc.uc_stack.ss_sp", "uc.uc_stack.ss_flags",
         "uc.uc_stack.ss_size"]
        + [f"uc.uc_mcontext.{r}" for r in ("r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "di", "si",
                                           "bp", "bx", "dx", "ax", "cx", "sp", "ip", "flags", "cs", "gs",
                                           "fs", "ss", "err", "trapno", "oldmask", "cr2", "fpstate",
                                           "reserved1")]
        + ["uc.uc_sigmask", "info.si_signo", "info.si_errno", "info.si_code"])


def sent_by_process(code):
    """Whether si_code says a process sent the signal (SI_USER, SI_TKILL, ...: Linux's
    SI_FROMUSER, code <= 0): then siginfo holds si_pid and si_uid, else si_addr."""
    return code <= 0


def annotations(frame):
    """{field: what its value means}."""
    uc = header_defines(SIGCONTEXT_H, r"UC_\w+")
    ss = header_defines(SIGNAL_H, r"SS_\w+")
    mc = "uc.uc_mcontext."
    signo, code, trapno = frame["info.si_signo"], frame["info.si_code"], frame[mc + "trapno"]
    restorer = frame["pretcode"]
    notes = {
        "pretcode": (describe_code(restorer) + ": the restorer (sa_restorer), which calls rt_sigreturn"
                     if restorer else "0: no restorer (the handler cannot return)"),
        "uc.uc_flags": describe_bits(frame["uc.uc_flags"], uc),
        "uc.uc_stack.ss_flags": describe_bits(frame["uc.uc_stack.ss_flags"] & 0xffffffff, ss),
        "uc.uc_stack.ss_sp": ("no alternate stack" if frame["uc.uc_stack.ss_flags"] & ss["SS_DISABLE"]
                              else "the alternate stack's lowest address"),
        mc + "ip": describe_code(frame[mc + "ip"]),
        mc + "flags": describe_flags(frame[mc + "flags"]),
        mc + "sp": "user stack" if frame[mc + "sp"] < USER_END else "kernel stack: not a user frame",
        mc + "cs": describe_selector(frame[mc + "cs"]),
        mc + "ss": describe_selector(frame[mc + "ss"]) + (
            "; restored (UC_SIGCONTEXT_SS)" if frame["uc.uc_flags"] & uc["UC_SIGCONTEXT_SS"] else ""),
        mc + "oldmask": describe_mask(frame[mc + "oldmask"]) + ": the same as uc_sigmask",
        mc + "fpstate": "the FPU image, below" if frame[mc + "fpstate"] else "no FPU image",
        "uc.uc_sigmask": describe_mask(frame["uc.uc_sigmask"]),
        "info.si_signo": signal_name(signo),
        "info.si_code": f"{code} = " + describe_si_code(signo, code),
    }
    if sent_by_process(code):
        notes[mc + "trapno"] = "the last exception's, if any: this signal was sent, not raised by one"
        notes["info.kill.si_pid"] = "the sender's pid"
        notes["info.kill.si_uid"] = "the sender's uid"
        return notes
    notes[mc + "trapno"] = describe_vector(trapno)
    notes[mc + "err"] = "the exception's error code"
    if trapno == PF_VECTOR:
        notes[mc + "err"] = describe_page_fault(frame[mc + "err"])
        notes[mc + "cr2"] = "the address the page fault was about"
    if not CODE_PREFIX.get(signal_name(signo)) or code == header_defines(SIGNAL_H, "SI_KERNEL")["SI_KERNEL"]:
        notes["info.fault.si_addr"] = "not set for this si_code"
    else:
        same = frame["info.fault.si_addr"] == frame[mc + "cr2"] and trapno == PF_VECTOR
        notes["info.fault.si_addr"] = "the address the fault is about" + (", as cr2" if same else "")
    return notes


def describe_vector(vector):
    """"#PF Page Fault" for 14, from the kernel's table (arch/x86/kernel/traps.c)."""
    try:
        with kernel_file_tables():
            entry = gdb.parse_and_eval("exceptions")[vector]
            return f"{entry['mnemonic'].string()} {entry['name'].string()}" if int(entry["name"]) else ""
    except gdb.error:
        return f"exception vector {vector}"


def describe_page_fault(err):
    """"[ W U ]: a write in user mode, to a page not present" for a #PF error code."""
    names = " ".join(n for bit, n in PF_ERROR_BITS if err >> bit & 1)
    access = "an instruction fetch" if err & 0x10 else "a write" if err & 2 else "a read"
    return (f"[ {names} ]: {access} in {'user' if err & 4 else 'kernel'} mode, "
            f"{'a protection violation' if err & 1 else 'to a page not present'}")


def frame_rows(frame):
    """[(heading or None, offset, name, value text, note)] of the frame, lowest address first."""
    notes = annotations(frame)
    code = frame["info.si_code"]
    names = ROWS + (["info.kill.si_pid", "info.kill.si_uid"] if sent_by_process(code) else ["info.fault.si_addr"])
    rows = []
    for name in names:
        size = frame.size(name)
        if name.endswith("reserved1"):
            offset = frame.offset(name)
            words = [int.from_bytes(frame.raw[offset + i:offset + i + 8], "little") for i in range(0, size, 8)]
            text = "all zero" if not any(words) else " ".join(hex(w) for w in words)
            rows.append((HEADINGS.get(name), offset, name.split(".")[-1], f"{size // 8} words", text))
            continue
        value = frame[name] & ((1 << 8 * size) - 1)
        rows.append((HEADINGS.get(name), frame.offset(name), name.split(".")[-1],
                     f"{value:#0{2 + 2 * size}x}", notes.get(name, "")))
    return rows


def problems(frame):
    """Why this does not look like a frame setup_rt_frame built, or []."""
    uc = header_defines(SIGCONTEXT_H, r"UC_\w+")
    nsig = header_defines(SIGNAL_H, r"_NSIG")["_NSIG"]
    found = []
    if not 1 <= frame["info.si_signo"] <= nsig:
        found.append(f"si_signo {frame['info.si_signo']} is no signal")
    if frame["uc.uc_flags"] & ~sum(uc.values()) or not frame["uc.uc_flags"] & uc["UC_SIGCONTEXT_SS"]:
        found.append(f"uc_flags {frame['uc.uc_flags']:#x} are not the kernel's")
    if frame["uc.uc_mcontext.cs"] & 3 != 3:
        found.append(f"the saved cs {frame['uc.uc_mcontext.cs']:#x} is not a user selector")
    if frame["uc.uc_sigmask"] != frame["uc.uc_mcontext.oldmask"]:
        found.append("uc_sigmask and oldmask differ")
    return found


# ---- The FPU image ------------------------------------------------------------------

def describe_mxcsr(mxcsr):
    rounding = ("to nearest", "down", "up", "toward zero")[mxcsr >> 13 & 3]
    names = " ".join(n for bit, n in MXCSR_BITS if mxcsr >> bit & 1)
    return f"[ {names} ] rounding {rounding}" + (" (the default)" if mxcsr == MXCSR_DEFAULT else "")


def fpu_rows(fpstate, header=0):
    """[(offset from fpstate, name, value text, note)] of the FPU image's header, or a
    one-row explanation when there is none or it cannot be read. header: the bytes
    before the image that extended_size counts too (a 32-bit frame's FSAVE part)."""
    if not fpstate:
        return [(None, "fpstate", "0", "no FPU image: rt_sigreturn would reset the FPU")]
    try:
        legacy = read_bytes(fpstate, FXSAVE_SIZE)
    except gdb.MemoryError:
        return [(None, "fpstate", hex(fpstate), "cannot be read")]

    def word(offset, size):
        return int.from_bytes(legacy[offset:offset + size], "little")

    fcw, mxcsr = word(FXSAVE_FCW, 2), word(FXSAVE_MXCSR, 4)
    reserved = mxcsr & ~kernel_variable("mxcsr_mask", ~0)
    rows = [(FXSAVE_FCW, "fcw", f"{fcw:#06x}",
             "x87 control word" + (" (the default)" if fcw == FCW_DEFAULT else "")),
            (FXSAVE_MXCSR, "mxcsr", f"{mxcsr:#010x}", describe_mxcsr(mxcsr) + (
                f"; reserved bits {reserved:#x}: rt_sigreturn refuses the image" if reserved else ""))]
    magic = header_defines(SIGCONTEXT_H, r"FP_XSTATE_MAGIC\w+")
    sw_type = gdb.lookup_type("struct _fpx_sw_bytes")
    sw = {name: (SW_BYTES + offset, kind.strip_typedefs().sizeof)
          for name, (offset, kind) in layout(sw_type).items()}
    magic1 = word(*sw["magic1"])
    if magic1 != magic["FP_XSTATE_MAGIC1"]:
        rows.append((sw["magic1"][0], "magic1", f"{magic1:#010x}",
                     "not FP_XSTATE_MAGIC1: a plain FXSAVE image, 512 bytes"))
        return rows
    size, extended = word(*sw["xstate_size"]), word(*sw["extended_size"])
    kernel_size = kernel_variable("xstate_size", None)
    rows += [(sw["magic1"][0], "magic1", f"{magic1:#010x}", "FP_XSTATE_MAGIC1: an XSAVE image follows"),
             (sw["extended_size"][0], "extended_size", str(extended), "bytes from fpstate to past magic2" + (
                 "" if extended == size + magic["FP_XSTATE_MAGIC2_SIZE"] + header
                 else f": not xstate_size + {4 + header}")),
             (sw["xfeatures"][0], "xfeatures", hex(word(*sw["xfeatures"])),
              describe_xfeatures(word(*sw["xfeatures"])) + ": XCR0, the components the kernel saves"),
             (sw["xstate_size"][0], "xstate_size", str(size), "the XSAVE area's size" + (
                 "" if kernel_size is None else ", as the kernel's" if size == kernel_size
                 else f"; the kernel's is {kernel_size}: rt_sigreturn takes only the FXSAVE part"))]
    try:
        xstate_bv = int.from_bytes(read_bytes(fpstate + FXSAVE_SIZE, 8), "little")
        rows.append((FXSAVE_SIZE, "xstate_bv", hex(xstate_bv), describe_xfeatures(xstate_bv)
                     + ": XSTATE_BV, the components saved; the rest are initial"))
        magic2 = int.from_bytes(read_bytes(fpstate + size, 4), "little")
        rows.append((size, "magic2", f"{magic2:#010x}",
                     "FP_XSTATE_MAGIC2 at fpstate + xstate_size: the image is whole"
                     if magic2 == magic["FP_XSTATE_MAGIC2"]
                     else "not FP_XSTATE_MAGIC2: rt_sigreturn takes only the FXSAVE part (x87, SSE)"))
    except gdb.MemoryError:
        rows.append((size, "magic2", "?", "cannot be read"))
    return rows


def describe_xfeatures(bits):
    return "[ " + " ".join(n for bit, n in XFEATURES if bits >> bit & 1) + " ]"


def kernel_variable(name, default):
    """The value of one of the kernel's variables (arch/x86/kernel/fpu.c's), or default."""
    try:
        return int(gdb.parse_and_eval(name))
    except gdb.error:
        return default


# ---- Where break-signal stops ------------------------------------------------------

def function_range(name):
    """(start, end) of a function's code, from its block in the debug information."""
    symbol = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if symbol is None or symbol.addr_class != gdb.SYMBOL_LOC_BLOCK:
        return None
    block = gdb.block_for_pc(int(symbol.value().address))
    while block and not (block.function and block.function.name == name):
        block = block.superblock
    return (block.start, block.end) if block else None


def inlined_in(pc):
    """The names of the functions pc is in, innermost first (inlined ones included)."""
    names, block = [], gdb.block_for_pc(pc)
    while block:
        if block.function:
            names.append(block.function.name)
        block = block.superblock
    return names


NOT_A_FALL_THROUGH = re.compile(r"(jmp|ret|nop|ud2|int3|xchg\s+ax,\s*ax)\b")


def after_setup_rt_frame():
    """The addresses where handle_signal goes on once setup_rt_frame has built the frame
    and pointed pt_regs at the handler: its first instruction after setup_rt_frame's
    code (inlined: the instruction that follows setup_rt_frame's last, by falling
    through; a function: the instruction after the call)."""
    found = []
    with kernel_file_tables():
        for caller in ("handle_signal", "arch_do_signal_or_restart"):
            span = function_range(caller)
            if span is None:
                continue
            arch = gdb.selected_frame().architecture()
            insns = arch.disassemble(span[0], span[1] - 1)
            for before, insn in zip(insns, insns[1:]):
                inside, after = inlined_in(before["addr"]), inlined_in(insn["addr"])
                if before["asm"].startswith("call") and re.search(r"<(setup_rt_frame|setup_frame)>", before["asm"]):
                    found.append(insn["addr"])
                elif ("setup_rt_frame" in inside and "setup_rt_frame" not in after and "handle_signal" in after
                      and not NOT_A_FALL_THROUGH.match(before["asm"])):
                    found.append(insn["addr"])
            if found:
                return found
    raise gdb.GdbError("break-signal: cannot find where handle_signal goes on after setup_rt_frame "
                       "(arch/x86/kernel/signal.c); break on handle_signal instead")


def task_label():
    """"pid 1 (sighandler)": the running program, as the kernel names it."""
    task = gdb.parse_and_eval("current").dereference()
    return f"pid {int(task['pid'])} ({task['comm'].string()})"


# ---- 32-bit frames ---------------------------------------------------------------
#
# A handler installed through the ia32 ABI gets Linux's i386 frame
# (arch/x86/kernel/signal_ia32.c, include/asm/sigframe_ia32.h): struct
# rt_sigframe_ia32 with SA_SIGINFO, struct sigframe_ia32 without. The handler
# starts with esp at the frame, eax = the signal, edx = &info and ecx = &uc (rt),
# cs = __USER32_CS. Its FPU image starts with 112 bytes in FSAVE's layout; the
# FXSAVE or XSAVE image follows.

USER32_CS = 0x23
FPSTATE_32_HEADER = 112
SC32 = ("gs", "fs", "es", "ds", "di", "si", "bp", "sp", "bx", "dx", "cx", "ax", "trapno", "err", "ip", "cs",
        "flags", "sp_at_signal", "ss", "fpstate", "oldmask", "cr2")


def ia32_frame_type(addr):
    """struct rt_sigframe_ia32 if pinfo and puc at addr point into the frame, as its
    builder makes them; else struct sigframe_ia32, the old-style frame."""
    rt = gdb.lookup_type("struct rt_sigframe_ia32")
    words = read_bytes(addr, 16)
    pinfo, puc = (int.from_bytes(words[i:i + 4], "little") for i in (8, 12))
    info = layout(rt)["info"][0]
    if pinfo == addr + info and puc == addr + layout(rt)["uc"][0]:
        return rt
    return gdb.lookup_type("struct sigframe_ia32")


def ia32_rows(frame, rt):
    """[(heading or None, offset, name, value text, note)] of a 32-bit frame."""
    sc = "uc.uc_mcontext." if rt else "sc."
    sig = frame["sig"]
    names = ["pretcode", "sig"]
    headings = {"pretcode": "the handler's return address: the restorer, which calls "
                            + ("rt_sigreturn (173)" if rt else "sigreturn (119)")}
    if rt:
        names += ["pinfo", "puc", "info.si_signo", "info.si_errno", "info.si_code"]
        names += ["info.kill.si_pid" if frame["info.si_code"] <= 0 else "info.fault.si_addr"]
        names += ["uc.uc_flags", "uc.uc_link", "uc.uc_stack.ss_sp", "uc.uc_stack.ss_flags", "uc.uc_stack.ss_size"]
        headings.update({"pinfo": "the handler's arguments, as a call pushes them (also in edx and ecx)",
                         "info.si_signo": "info: the compat siginfo (its union at offset 12)",
                         "uc.uc_flags": "uc: struct ucontext_ia32"})
    names += [sc + r for r in SC32]
    headings[sc + "gs"] = "struct sigcontext_32: the interrupted registers; sigreturn loads them back"
    names += ["uc.uc_sigmask"] if rt else ["extramask"]
    names += ["retcode"]
    headings["retcode"] = "retcode: movl $nr, %eax; int $0x80 (unused: debuggers look for it)"
    code = code_address
    notes = {
        "pretcode": code(frame["pretcode"]),
        "sig": signal_name(sig),
        "pinfo": "&frame->info" if rt and frame["pinfo"] == frame.addr + frame.offset("info") else "",
        "puc": "&frame->uc" if rt and frame["puc"] == frame.addr + frame.offset("uc") else "",
        sc + "ip": describe_code(frame[sc + "ip"]),
        sc + "flags": describe_flags(frame[sc + "flags"]),
        sc + "oldmask": describe_mask(frame[sc + "oldmask"]) + ": signals 1-32 of the mask",
        sc + "fpstate": "the FPU image, below" if frame[sc + "fpstate"] else "no FPU image",
        sc + "sp_at_signal": "the same as sp" if frame[sc + "sp_at_signal"] == frame[sc + "sp"] else "",
    }
    for seg in ("gs", "fs", "es", "ds", "cs", "ss"):
        sel = frame[sc + seg]
        notes[sc + seg] = ("the null selector" if sel & ~3 == 0 else
                           f"a TLS slot (set_thread_area): GDT entry {sel >> 3}, RPL {sel & 3}"
                           if 12 <= sel >> 3 <= 14 and not sel & 4 else describe_selector(sel))
    if rt:
        notes.update({"info.si_signo": signal_name(frame["info.si_signo"]),
                      "info.si_code": f"{frame['info.si_code']} = "
                                      + describe_si_code(frame["info.si_signo"], frame["info.si_code"]),
                      "uc.uc_sigmask": describe_mask(frame["uc.uc_sigmask"])})
    else:
        notes["extramask"] = describe_mask(frame["extramask"] << 32) + ": signals 33-64 of the mask"
    if frame[sc + "trapno"] == PF_VECTOR:
        notes[sc + "err"] = describe_page_fault(frame[sc + "err"])
    rows = []
    for name in names:
        size = frame.size(name)
        value = frame[name] & ((1 << 8 * size) - 1)
        text = value.to_bytes(size, "little").hex(" ") if name == "retcode" else f"{value:#0{2 + 2 * size}x}"
        rows.append((headings.get(name), frame.offset(name), name.split(".")[-1], text, notes.get(name, "")))
    return rows


def ia32_fpu_rows(fpstate):
    """The FSAVE-format header of a 32-bit frame's FPU image, then the image's own rows."""
    if not fpstate:
        return [(None, "fpstate", "0", "no FPU image: sigreturn would reset the FPU")]
    try:
        head = read_bytes(fpstate, FPSTATE_32_HEADER)
    except gdb.MemoryError:
        return [(None, "fpstate", hex(fpstate), "cannot be read")]

    def word(offset, size):
        return int.from_bytes(head[offset:offset + size], "little")

    magic = word(110, 2)
    rows = [(0, "cw", f"{word(0, 4):#010x}", "x87 control word (FSAVE layout: sigreturn takes the x87 state here)"),
            (4, "sw", f"{word(4, 4):#010x}", "x87 status word"),
            (8, "tag", f"{word(8, 4):#010x}", "full tag word: 2 bits a register, 11 = empty"),
            (108, "status", f"{word(108, 2):#06x}", "the status word again"),
            (110, "magic", f"{magic:#06x}", "0: the FXSAVE/XSAVE image follows at fpstate+0x70"
             if magic == 0 else "0xffff: FSAVE data only")]
    return rows + [(FPSTATE_32_HEADER + off if off is not None else None, name, value, note)
                   for off, name, value, note in fpu_rows(fpstate + FPSTATE_32_HEADER, FPSTATE_32_HEADER)]


def ia32_default_frame():
    """(address, how) of a 32-bit frame, or None if the registers do not say 32-bit:
    ring 3 in compatibility mode ($esp), or pt_regs set to start a 32-bit handler
    (pt_regs->sp), or in sigreturn (119: sp - 8) or rt_sigreturn (173: sp - 4) by int $0x80."""
    if register("cs") & 3 == 3:
        if register("cs") != USER32_CS:
            return None
        return register("rsp") & 0xffffffff, "$esp: the handler's stack pointer at its first instruction"
    regs = read_frame(current_frame_address())
    if entered_by(regs) is INT80_ABI and regs["orig_ax"] in (119, 173):
        back = 8 if regs["orig_ax"] == 119 else 4
        return regs["sp"] - back, f"pt_regs->sp - {back}: the frame {'rt_' if back == 4 else ''}sigreturn reads back"
    if regs["cs"] != USER32_CS:
        return None
    return regs["sp"], "pt_regs->sp: the stack pointer the 32-bit handler will start with"

