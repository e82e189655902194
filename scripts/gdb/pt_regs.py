# SPDX-License-Identifier: MIT
"""Reading a struct pt_regs in GDB, and the system call saved in it.
The commands in scripts/gdb/trapdoor.py print what this module finds.

Nothing about the kernel is written down twice: the layout of struct pt_regs
comes from the kernel's debug information, system call numbers and names from
the generated tables (build/gen/syscall_names_*.c), argument names and types
from the SYSCALL_DEFINE metadata, found the way kernel/trace.c finds it, and
errno names from include/uapi/asm/errno.h. Only x86 facts (instruction bytes,
flag bits) and the selectors' names are listed here.
"""
import contextlib
import dataclasses
import pathlib

import gdb

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
ERRNO_H = ROOT / "include" / "uapi" / "asm" / "errno.h"

MASK64 = (1 << 64) - 1
USER_END = 0x0000800000000000       # user space lies below, the kernel far above
STRING_SHOWN = 32                   # bytes of a string argument shown, as kernel/trace.c


@dataclasses.dataclass(frozen=True)
class Abi:
    """One way into the kernel (docs/anatomy.md, "The two entries side by side")."""
    insn: str           # the instruction, as people write it
    opcode: bytes       # its two bytes: the return address (pt_regs->ip) follows them
    entry: str          # the entry stub (arch/x86/entry/entry_64.asm)
    hardware_frame: str  # who made the hardware part of pt_regs
    table: str          # the table of wrappers, indexed by number
    names: str          # the table of names (build/gen/syscall_names_*.c)
    wrapper: str        # struct syscall_metadata's field for this table's wrapper
    arg_fields: tuple   # the pt_regs fields holding arguments 1..6
    arg_bits: int       # how many bits of each argument count


SYSCALL = Abi("syscall", b"\x0f\x05", "entry_SYSCALL_64",
              "built by entry_SYSCALL_64 from rcx, r11 and the user's rsp",
              "sys_call_table", "syscall_names", "x64", ("di", "si", "dx", "r10", "r8", "r9"), 64)
INT80 = Abi("int $0x80", b"\xcd\x80", "entry_INT80_compat", "pushed by the CPU for int $0x80",
            "ia32_sys_call_table", "ia32_syscall_names", "ia32", ("bx", "cx", "dx", "si", "di", "bp"), 32)
# The 32-bit fast entries, from the vDSO's __kernel_vsyscall (arch/x86/entry/vdso/vdso32.asm).
# Neither instruction saves what int $0x80 does, so the vDSO hands some registers over in
# others and C (fast_syscall_32_regs, arch/x86/entry/common.c) puts them back in the frame.
SYSENTER32 = Abi("sysenter", b"\x0f\x34", "entry_SYSENTER_compat",
                 "built by entry_SYSENTER_compat: SYSENTER saves no eip and no esp",
                 "ia32_sys_call_table", "ia32_syscall_names", "ia32", ("bx", "cx", "dx", "si", "di", "bp"), 32)
SYSCALL32 = Abi("syscall from 32-bit code (SYSCALL32)", b"\x0f\x05", "entry_SYSCALL_compat",
                "built by entry_SYSCALL_compat from rcx, r11 and the user's esp",
                "ia32_sys_call_table", "ia32_syscall_names", "ia32", ("bx", "cx", "dx", "si", "di", "bp"), 32)
ABIS = (SYSCALL, INT80, SYSENTER32, SYSCALL32)
FAST32 = (SYSENTER32, SYSCALL32)
USER32_CS = 0x23

# include/asm/segment.h
SELECTORS = {0x10: "__KERNEL_CS", 0x18: "__KERNEL_DS", 0x23: "__USER32_CS",
             0x2b: "__USER_DS", 0x33: "__USER_CS"}
# include/asm/processor-flags.h; IOPL (bits 12-13) is printed as a number
FLAG_BITS = ((0, "CF"), (2, "PF"), (4, "AF"), (6, "ZF"), (7, "SF"), (8, "TF"), (9, "IF"),
             (10, "DF"), (11, "OF"), (14, "NT"), (16, "RF"), (17, "VM"), (18, "AC"),
             (19, "VIF"), (20, "VIP"), (21, "ID"))
# kernel/trace.c's escapes; other bytes outside printable ASCII print as \xNN
ESCAPES = {ord("\n"): "\\n", ord("\t"): "\\t", ord('"'): '\\"', ord("\\"): "\\\\"}


# ---- Reading the machine and the kernel ------------------------------------------

def register(name):
    return int(gdb.parse_and_eval("$" + name)) & MASK64


def symbol_address(name):
    return int(gdb.parse_and_eval(f"(unsigned long)&{name}"))


def read_bytes(addr, n):
    return gdb.selected_inferior().read_memory(addr, n).tobytes()


def readable(addr):
    try:
        read_bytes(addr, 1)
        return True
    except gdb.MemoryError:
        return False


def pt_regs_type():
    return gdb.lookup_type("struct pt_regs")


def pt_regs_fields():
    """[(offset, name)] of struct pt_regs, lowest address first, from the kernel's debug info."""
    return [(field.bitpos // 8, field.name) for field in pt_regs_type().fields()]


def current_frame_address():
    """Where every entry from ring 3 saves the user's registers: the top of the kernel stack."""
    return symbol_address("task_stack_top") - pt_regs_type().sizeof


def read_frame(addr):
    """{field: value} of the struct pt_regs at addr."""
    regs = gdb.Value(addr).cast(pt_regs_type().pointer()).dereference()
    try:
        return {name: int(regs[name]) & MASK64 for _, name in pt_regs_fields()}
    except gdb.MemoryError:
        raise gdb.GdbError(f"cannot read a struct pt_regs at {addr:#x}: not mapped now "
                           "(and before paging is on, nothing of the kernel is: hbreak kernel_main)")


@contextlib.contextmanager
def kernel_file_tables():
    """Read the kernel's constant tables from build/trapdoor.elf, not from the machine.

    They are const, so file and memory agree, and the file can be read before the
    kernel has turned paging on: right after `make debug` stops at the reset vector."""
    trusted = gdb.parameter("trust-readonly-sections")
    gdb.execute("set trust-readonly-sections on")
    try:
        yield
    finally:
        gdb.execute(f"set trust-readonly-sections {'on' if trusted else 'off'}")


def syscall_numbers(abi):
    """{name: number} of every slot the generated table fills."""
    with kernel_file_tables():
        names = gdb.parse_and_eval(abi.names)
        first, last = names.type.range()
        return {names[nr].string(): nr for nr in range(first, last + 1) if int(names[nr])}


@dataclasses.dataclass
class Metadata:
    """What SYSCALL_DEFINEn records about a call (include/trapdoor/syscalls.h)."""
    name: str
    types: list
    args: list


def syscall_metadata(abi, nr):
    """The metadata of the wrapper in slot nr of abi's table, or None (a gap, or beyond
    the table): like kernel/trace.c, find the record whose wrapper is in that slot."""
    with kernel_file_tables():
        table = gdb.parse_and_eval(abi.table)
        first, last = table.type.range()
        if not first <= nr <= last:
            return None
        wrapper = int(table[nr])
        record = gdb.lookup_type("struct syscall_metadata")
        start, stop = symbol_address("__start_syscalls_metadata"), symbol_address("__stop_syscalls_metadata")
        for addr in range(start, stop, record.sizeof):
            m = gdb.Value(addr).cast(record.pointer()).dereference()
            if int(m[abi.wrapper]) == wrapper:
                n = int(m["nb_args"])
                return Metadata(m["name"].string(), [m["types"][i].string() for i in range(n)],
                                [m["args"][i].string() for i in range(n)])
    return None


def errno_name(err):
    """"ENOSYS" for 38, from include/uapi/asm/errno.h."""
    for line in ERRNO_H.read_text().splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "#define" and words[2] == str(err):
            return words[1]
    return "E?"


# ---- Which entry made a frame ----------------------------------------------------

def entry_call_site(abi):
    """The address of the stub's `call` into C: by then its frame is complete."""
    start = symbol_address(abi.entry)
    for insn in gdb.selected_frame().architecture().disassemble(start, count=64):
        if insn["asm"].startswith("call"):
            return insn["addr"]
    raise gdb.GdbError(f"no call in {abi.entry}")


def entry_in_progress(addr):
    """(abi, written) when stopped in an entry stub still building the frame at addr.

    A stub pushes the frame from its top (ss) down to r15, then calls C. Until the
    call, only the slots from rsp up hold this entry's values: `written` is the
    lowest of their offsets. None when no stub is building that frame."""
    if addr != current_frame_address():
        return None
    pc, size = register("rip"), pt_regs_type().sizeof
    for abi in ABIS:
        if symbol_address(abi.entry) <= pc <= entry_call_site(abi):
            rsp = register("rsp")
            if addr <= rsp <= addr + size:
                return abi, rsp - addr
            return abi, size            # still on the user's stack: nothing written yet
    return None


def landing_pad():
    """Where SYSEXIT and SYSRETL return in the running program's vDSO (current->vdso32_pad), or 0."""
    try:
        return int(gdb.parse_and_eval("current->vdso32_pad")) & MASK64
    except gdb.error:
        return 0


def fast32_fixed(frame):
    """Has C (fast_syscall_32_regs) already put the frame of a 32-bit fast entry back
    into int $0x80's shape? Then its ip is the vDSO's landing pad."""
    pad = landing_pad()
    return bool(pad) and frame["ip"] == pad


def entered_by(frame):
    """The Abi whose instruction lies just before the return address; None for an
    exception, a program's first entry (kernel/program.c), or unreadable memory.

    A 32-bit program's fast entries (cs 0x23, __USER32_CS) are told apart by what C
    leaves: SYSENTER pushed ip 0 until C writes the landing pad; SYSCALL32 has the
    address after the vDSO's syscall (0f 05 before it). Once C has written the landing
    pad, the int $0x80 before it does not say which instruction entered: the vDSO's
    patched slot just before it does (0f 34 sysenter, 0f 05 syscall, NOPs: int $0x80)."""
    compat = frame["cs"] == USER32_CS
    if compat and frame["ip"] == 0 and landing_pad():
        return SYSENTER32
    try:
        before = read_bytes(frame["ip"] - 2, 2)
        if compat and fast32_fixed(frame):
            slot = read_bytes(frame["ip"] - 4, 2)
            return next((abi for abi in FAST32 if abi.opcode == slot), INT80)
    except gdb.MemoryError:
        return None
    if compat and before == SYSCALL32.opcode:
        return SYSCALL32
    return next((abi for abi in (SYSCALL, INT80) if abi.opcode == before), None)


# The register each pt_regs slot is pushed from, for slots an entry has not pushed yet.
LIVE_REGISTER = {"r15": "r15", "r14": "r14", "r13": "r13", "r12": "r12", "bp": "rbp", "bx": "rbx",
                 "r11": "r11", "r10": "r10", "r9": "r9", "r8": "r8", "cx": "rcx", "dx": "rdx",
                 "si": "rsi", "di": "rdi", "orig_ax": "rax"}


def saved_call(addr):
    """(abi, frame) of the system call saved at addr; raises if there is none.

    Stopped in an entry stub (e.g. by break-syscall) the frame is not built yet, but
    the registers it will hold are still in the CPU, untouched: read them there."""
    frame = read_frame(addr)
    progress = entry_in_progress(addr)
    if progress:
        abi, written = progress
        for offset, name in pt_regs_fields():
            if offset < written and name in LIVE_REGISTER:
                frame[name] = register(LIVE_REGISTER[name])
            if offset < written and name == "sp" and abi is SYSCALL32 and register("rsp") < 1 << 32:
                frame["sp"] = register("rsp")       # still the user's esp: the stub has not switched
        return abi, frame
    abi = entered_by(frame)
    if abi is None:
        raise gdb.GdbError(f"the frame at {addr:#x} does not follow a syscall or an int $0x80 "
                           f"(ip = {frame['ip']:#x}): an exception's frame, or no entry yet")
    return abi, frame


# ---- Formatting --------------------------------------------------------------------

def c_hex(value):
    """Like C's %#lx, which kernel/trace.c prints with: 0 stays "0"."""
    return hex(value) if value else "0"


def signed(value, bits=64):
    return value - (1 << bits) if value >> (bits - 1) & 1 else value


def describe_errno(value):
    """"-38 = -ENOSYS" for a value a system call returns as an error, else ""."""
    v = signed(value)
    return f"{v} = -{errno_name(-v)}" if -4095 <= v < 0 else ""


def describe_code(addr):
    """"<syscall6+25> user/sys.asm:24, user" for a code address."""
    text = gdb.format_address(addr)
    symbol = text[text.index("<"):] if "<" in text else "no symbol"
    line = gdb.find_pc_line(addr)
    where = f" {line.symtab.filename}:{line.line}" if line.symtab else ""
    return f"{symbol}{where}, {'user' if addr < USER_END else 'kernel'}"


def describe_selector(sel):
    ring = sel & 3
    return (f"{SELECTORS.get(sel, 'unknown selector')}: GDT entry {sel >> 3}, "
            f"RPL {ring} ({'user' if ring == 3 else 'kernel'})")


def describe_flags(flags):
    names = [name for bit, name in FLAG_BITS if flags >> bit & 1]
    iopl = flags >> 12 & 3
    return "[ " + " ".join(names + ([f"IOPL={iopl}"] if iopl else [])) + " ]"


def quote(data):
    """data as a C string literal, escaped as kernel/trace.c does."""
    return '"' + "".join(ESCAPES.get(c) or (chr(c) if 0x20 <= c < 0x7f else f"\\x{c:02x}")
                         for c in data) + '"'


def user_string(addr, count=None):
    """'0x402010 "hi\\n"': count bytes, or up to a NUL; only the address if unreadable."""
    try:
        if count is not None:
            data = read_bytes(addr, min(count, STRING_SHOWN))
            more = count > len(data)
        else:
            data = b""
            while len(data) < STRING_SHOWN and not data.endswith(b"\0"):
                data += read_bytes(addr + len(data), 1)
            more = not data.endswith(b"\0")
            data = data.rstrip(b"\0")
    except gdb.MemoryError:
        return c_hex(addr)
    return f"{addr:#x} {quote(data)}{'...' if more else ''}"


def format_arg(meta, i, args):
    """Argument i, formatted by its declared type (kernel/trace.c, emit_arg)."""
    kind, v = meta.types[i], args[i]
    if kind == "const char *":
        counted = i + 1 < len(meta.types) and meta.types[i + 1] == "size_t"
        return user_string(v, args[i + 1] if counted else None)
    if "*" in kind:
        return c_hex(v)
    if kind in ("int", "long"):
        return str(signed(v, 32 if kind == "int" else 64))
    if kind == "unsigned int":
        return str(v & 0xffffffff)
    if kind in ("size_t", "unsigned long"):
        return str(v)
    return c_hex(v)


def call_args(abi, frame):
    """The six argument values of the call saved in frame. For a 32-bit fast entry
    stopped before C's fix-ups, read them where the vDSO left them: argument 2 in
    ebp (SYSCALL overwrote ecx), argument 6 on the user's stack, at esp (which
    SYSENTER's vDSO put in ebp)."""
    args = [frame[name] & ((1 << abi.arg_bits) - 1) for name in abi.arg_fields]
    if abi in FAST32 and not fast32_fixed(frame):
        esp = frame["bp"] if abi is SYSENTER32 else frame["sp"]
        if abi is SYSCALL32:
            args[1] = frame["bp"] & 0xffffffff
        try:
            args[5] = int.from_bytes(read_bytes(esp & 0xffffffff, 4), "little")
        except gdb.MemoryError:
            pass
    return args


def format_call(abi, frame):
    """'write(fd=1, buf=0x402010 "hi\\n", count=3)' for the call saved in frame."""
    nr = frame["orig_ax"] & 0xffffffff          # the low 32 bits, compared unsigned
    args = call_args(abi, frame)
    meta = syscall_metadata(abi, nr)
    if meta is None:
        return f"syscall_{nr}(" + ", ".join(c_hex(a) for a in args) + ")"
    return meta.name + "(" + ", ".join(
        f"{meta.args[i]}={format_arg(meta, i, args)}" for i in range(len(meta.args))) + ")"


def annotations(frame, abi):
    """{field: what its value means}; abi is how the frame was entered, or None."""
    notes = {
        "ip": describe_code(frame["ip"]),
        "cs": describe_selector(frame["cs"]),
        "flags": describe_flags(frame["flags"]),
        "sp": "user stack" if frame["sp"] < USER_END else "kernel stack",
        "ss": describe_selector(frame["ss"]),
        "ax": describe_errno(frame["ax"]),
    }
    if abi is None:
        notes["orig_ax"] = ("-1: none (an exception without an error code, or a program's start)"
                            if frame["orig_ax"] == MASK64 else "the exception's error code")
        return notes
    nr = frame["orig_ax"] & 0xffffffff
    meta = syscall_metadata(abi, nr)
    notes["orig_ax"] = f"nr {nr} ({abi.insn}): {meta.name if meta else 'not in the table: -ENOSYS'}"
    notes["ax"] = "return value" + (": " + notes["ax"] if notes["ax"] else "")
    for i, name in enumerate(abi.arg_fields[:len(meta.args)] if meta else abi.arg_fields):
        notes[name] = f"arg {i + 1}" + (f": {meta.args[i]}" if meta else "")
    if abi is SYSCALL:
        notes["cx"] = "user rip: SYSCALL put it in rcx"
        notes["r11"] = "user rflags: SYSCALL put them in r11"
    if frame["cs"] == USER32_CS:
        notes["cs"] += "; a 32-bit program, in compatibility mode"
        notes["sp"] = "user stack (esp)"
    if abi in FAST32:
        fixed = fast32_fixed(frame)
        if abi is SYSENTER32:
            notes["sp"] = ("the user's esp, from ebp: the vDSO's mov ebp, esp (SYSENTER saves no esp)")
            notes["ip"] = (f"the vDSO's landing pad, written by C: SYSENTER saves no eip ({describe_code(frame['ip'])})"
                           if fixed else "0 until C writes the vDSO's landing pad: SYSENTER saves no eip")
            notes["flags"] += " (C turns IF back on: SYSENTER cleared it)"
            notes["bp"] = ("arg 6, which C read from the user's stack at [esp] (the vDSO pushed ebp)" if fixed
                           else "the user's esp, the vDSO's mov ebp, esp: C reads arg 6 from [esp] and puts it here")
        else:
            notes["ip"] = (f"the vDSO's landing pad, written by C over SYSCALL's return address "
                           f"({describe_code(frame['ip'])})" if fixed
                           else "SYSCALL's return address, after the vDSO's syscall: C replaces it with the landing pad")
            notes["cx"] = ("arg 2, which C copied from ebp: SYSCALL overwrote ecx with the return address" if fixed
                           else "SYSCALL's return address (rcx): arg 2 is in ebp until C copies it here")
            notes["r11"] = "user eflags: SYSCALL put them in r11"
            notes["bp"] = ("arg 6, which C read from the user's stack at [esp] (the vDSO pushed ebp)" if fixed
                           else "arg 2, the vDSO's mov ebp, ecx: C copies it to cx and reads arg 6 from [esp]")
    return notes


def headings(abi):
    """{first field: heading} for the three parts of the frame, as this entry filled them."""
    return {"r15": "pushed by software: PUSH_AND_CLEAR_REGS, from di down to r15",
            "orig_ax": f"pushed by {abi.entry}: the number, all 64 bits of rax" if abi
            else "the error code: pushed by the CPU, or -1 by the stub",
            "ip": f"hardware frame, {abi.hardware_frame}" if abi else "hardware frame: what IRET pops"}
