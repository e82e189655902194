# SPDX-License-Identifier: MIT
"""GDB commands for trapdoor. scripts/gdb/trapdoor.gdb loads this file;
`help user-defined` lists the commands, `help COMMAND` explains one.

  ptregs [ADDR]          print a struct pt_regs field by field, with what each holds
  syscall-args [ADDR]    decode the call saved there: write(fd=1, buf=..., count=14)
  break-syscall [NAME]   stop where a system call (or only NAME) enters the kernel
  user-symbols [FILE]    load a user program's symbols (default: init)
  sigframe [ADDR]        print a signal frame (struct rt_sigframe) field by field
  break-signal [SIGNAL]  stop where the kernel delivers a signal (or only SIGNAL)
  set trapdoor-kill-on-exit on    quitting GDB ends QEMU too (make debug does this)

What they print is read from the kernel by scripts/gdb/pt_regs.py and
scripts/gdb/signals.py.
"""
import os
import pathlib
import sys

import gdb

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from pt_regs import (ABIS, INT80, MASK64, ROOT, SYSCALL32, SYSENTER32, USER32_CS,  # noqa: E402
                     annotations, current_frame_address,
                     entered_by, entry_in_progress, format_call, headings, pt_regs_fields,
                     read_frame, readable, register, saved_call, symbol_address, syscall_numbers)
from signals import (Frame, after_setup_rt_frame, code_address, default_frame,  # noqa: E402
                     describe_si_code, fpu_rows, frame_rows, handler_call, ia32_default_frame,
                     ia32_fpu_rows, ia32_frame_type, ia32_rows, parse_signal, problems, signal_name,
                     signal_numbers, task_label)

DEFAULT_USER_ELF = ROOT / "build" / "user" / "init.elf"


def frame_address(arg):
    """The ADDR argument of ptregs and syscall-args, or the current frame."""
    arg = arg.strip()
    return int(gdb.parse_and_eval(arg)) & MASK64 if arg else current_frame_address()


class PtRegs(gdb.Command):
    """Print a struct pt_regs field by field, lowest address first.

Usage: ptregs [ADDR]

ADDR defaults to task_stack_top - sizeof(struct pt_regs): the frame that every
entry from ring 3 builds at the top of the running program's kernel stack.
Each row gives the offset, the field, its value and what it means: which part
software pushed and which is the hardware frame, orig_ax as the system call
(or the exception's error code), cs and ss as selectors, the flags by name, ip
as a symbol and source line. Whether the frame came from syscall or int $0x80
is read from the two bytes before ip (0f 05 or cd 80).

A 32-bit program's frame (cs 0x23, __USER32_CS: compatibility mode) may come
from entry_INT80_compat, entry_SYSENTER_compat or entry_SYSCALL_compat; its
arguments are the low halves of bx, cx, dx, si, di, bp. For SYSENTER and
SYSCALL32 the rows say what the vDSO moved where and what C put back: the
user's esp came in ebp (SYSENTER), argument 2 in ebp (SYSCALL), argument 6
from the user's stack, and ip is the vDSO's landing pad.

Stopped inside an entry stub before its call into C, the frame is half built:
the rows not written yet say so.

docs/anatomy.md (section "struct pt_regs") draws the same frame, highest
address first, with the values of one write."""

    def __init__(self):
        super().__init__("ptregs", gdb.COMMAND_USER, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        addr = frame_address(arg)
        frame = read_frame(addr)
        progress = entry_in_progress(addr)
        abi, written = progress if progress else (entered_by(frame), 0)
        notes = annotations(frame, abi)
        titles = headings(abi)

        print(f"struct pt_regs at {addr:#x}" + (" (task_stack_top - sizeof(struct pt_regs))"
                                                 if addr == current_frame_address() else ""))
        if progress:
            print(f"  {abi.entry} is still building it, from the top down")
        elif abi:
            print(f"  saved by {abi.entry}: ring 3 entered the kernel with {abi.insn}")
        if frame["cs"] == USER32_CS and not progress:
            print("  cs 0x23 = __USER32_CS: a 32-bit program (compatibility mode); the ia32 arguments are "
                  "the low halves of bx, cx, dx, si, di, bp")
        if abi in (SYSENTER32, SYSCALL32) and not progress:
            print("  through the vDSO's __kernel_vsyscall: " + (
                "it put esp in ebp and ebp (arg 6) on the stack; C took sp from ebp, arg 6 from [esp], "
                "set ip to the landing pad" if abi is SYSENTER32 else
                "it put ecx (arg 2) in ebp and ebp (arg 6) on the stack; C took cx from ebp, arg 6 from [esp], "
                "set ip to the landing pad"))
        if register("cs") & 3 == 3:
            print("  the CPU is in ring 3 now: this is the frame of the last entry")
        for offset, name in pt_regs_fields():
            if name in titles:
                print(f"  -- {titles[name]} --")
            note = "not written yet: an earlier entry's value" if offset < written else notes.get(name, "")
            print(f"  +{offset:#04x}  {name:<8} {frame[name]:#018x}  {note}".rstrip())


class SyscallArgs(gdb.Command):
    """Decode the system call saved in a struct pt_regs, as the kernel's tracer prints it.

Usage: syscall-args [ADDR]

Prints e.g. write(fd=1, buf=0x402010 "hi\\n", count=3). ADDR defaults to the
current frame, task_stack_top - sizeof(struct pt_regs). The number is
orig_ax's low 32 bits. The entry instruction, read from the two bytes before
ip (0f 05 syscall, cd 80 int $0x80), picks the table and the argument
registers: di si dx r10 r8 r9, or the low halves of bx cx dx si di bp. The
name, argument names and types come from the kernel's SYSCALL_DEFINE metadata,
as for the strace kernel option (kernel/trace.c). A number with no entry in
the table prints as syscall_N(...), an int $0x80 call ends with <int80>.
Stopped in an entry stub before it has built the frame (as break-syscall
stops), the call is decoded from the registers instead."""

    def __init__(self):
        super().__init__("syscall-args", gdb.COMMAND_USER, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        abi, frame = saved_call(frame_address(arg))
        print(format_call(abi, frame) + {INT80: " <int80>", SYSENTER32: " <sysenter>",
                                         SYSCALL32: " <syscall32>"}.get(abi, ""))


class BreakSyscall(gdb.Command):
    """Stop where a system call enters the kernel, at each of its four entries.

Usage: break-syscall [NAME]

The entries: entry_SYSCALL_64, entry_INT80_compat, and a 32-bit program's
entry_SYSENTER_compat and entry_SYSCALL_compat (its vDSO uses SYSENTER on
Intel CPUs, SYSCALL on AMD ones). Without NAME every system call stops; with
NAME (e.g. write), only that one, through any entry. The stop is at the
stub's first instruction, before swapgs: stepi walks the entry code line by
line from there, and syscall-args decodes the call from the registers (for
SYSENTER and SYSCALL32, where the vDSO left them: esp or argument 2 in ebp,
argument 6 at [esp]). rax still holds the number there, so each breakpoint
has a condition on $eax, with the number from that entry's table (write is 1
for syscall, 4 for the three 32-bit entries). These are ordinary breakpoints:
info breakpoints shows them, delete N removes them.

Under TCG (the default) QEMU implements software breakpoints itself, so they
work at any address and leave memory alone. Under KVM, QEMU writes an int3
into the page, which must be mapped: so before the kernel has turned paging
on (its text cannot be read yet), break-syscall uses hardware breakpoints."""

    def __init__(self):
        super().__init__("break-syscall", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        name = arg.strip()
        numbers = {abi: syscall_numbers(abi).get(name) for abi in ABIS}
        if name and all(nr is None for nr in numbers.values()):
            raise gdb.GdbError(f"no system call named {name!r}; there are: {', '.join(self.names())}")
        for abi in ABIS:
            if name and numbers[abi] is None:
                continue
            addr = symbol_address(abi.entry)
            kind = gdb.BP_BREAKPOINT if readable(addr) else gdb.BP_HARDWARE_BREAKPOINT
            bp = gdb.Breakpoint(f"*{addr:#x}", type=kind)
            if name:
                bp.condition = f"$eax == {numbers[abi]}"
                print(f"  breakpoint {bp.number} stops only {name} via {abi.insn}: $eax == {numbers[abi]}")

    def names(self):
        return sorted(set().union(*(syscall_numbers(abi) for abi in ABIS)))

    def complete(self, text, word):
        return [name for name in self.names() if name.startswith(text)]


class UserSymbols(gdb.Command):
    """Load a user program's symbols, replacing the program loaded before.

Usage: user-symbols [FILE]

FILE defaults to $TRAPDOOR_USER_ELF, or else build/user/init.elf. Programs are
static ELFs linked at 0x400000, far below the kernel, so their symbols and the
kernel's live side by side: after user-symbols, break main stops in the
program. All programs share those addresses and only one runs at a time, so
only one program's symbols are loaded at once. scripts/gdb/trapdoor.gdb runs
user-symbols with no FILE when it starts."""

    loaded = None

    def __init__(self):
        super().__init__("user-symbols", gdb.COMMAND_USER, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        path = pathlib.Path(arg.strip() or os.environ.get("TRAPDOOR_USER_ELF") or DEFAULT_USER_ELF)
        if not path.is_file():
            raise gdb.GdbError(f"user-symbols: no such file: {path} (run make first?)")
        if UserSymbols.loaded:
            gdb.execute(f"with confirm off -- remove-symbol-file {UserSymbols.loaded}")
            UserSymbols.loaded = None
        gdb.execute(f"with confirm off -- add-symbol-file {path}")
        UserSymbols.loaded = path


class SigFrame(gdb.Command):
    """Print a signal frame, struct rt_sigframe, field by field, lowest address first.

Usage: sigframe [ADDR]

ADDR defaults to the frame the program's stack pointer points at right after
a delivery: in ring 3, $rsp (at the handler's first instruction); in the
kernel, pt_regs->sp (right after setup_rt_frame, where break-signal stops), or
pt_regs->sp - 8 in an rt_sigreturn call (the handler's ret popped pretcode).
User memory is mapped while the program runs, or the kernel runs for it.

Each row gives the offset in the frame, the field, its value and what it
means: pretcode (the restorer the handler returns into), uc_flags by name,
uc_stack (the alternate stack), every register of the sigcontext (ip as a
symbol and source line, the flags and selectors by name), the blocked mask as
signal names, and the siginfo: the signal, what si_code says sent it
(SI_USER, SI_TKILL, SEGV_MAPERR...), and si_pid or si_addr. Then the header of
the FPU image that sigcontext.fpstate points at: FCW, MXCSR, and, for an XSAVE
image, the software bytes at fpstate+464 with FP_XSTATE_MAGIC1 and
FP_XSTATE_MAGIC2 at fpstate + xstate_size, which rt_sigreturn checks.

A line before the rows says when pt_regs (or, in ring 3, the CPU) is set to
start the handler on this frame; a warning, when the memory there does not
look like a frame the kernel built. The layout comes from the kernel's debug
information, the names from include/uapi/asm/signal.h and sigcontext.h;
arch/x86/kernel/signal.c builds the frame (setup_rt_frame) and reads it back
(rt_sigreturn).

A 32-bit handler's frame (cs is __USER32_CS in ring 3, or in pt_regs) is shown
as struct rt_sigframe_ia32 or struct sigframe_ia32 (arch/x86/kernel/signal_ia32.c):
$esp, pt_regs->sp, or pt_regs->sp - 4 (rt_sigreturn) or - 8 (sigreturn); its
sigcontext_32 with the four data selectors, and its FPU image's FSAVE header."""

    def __init__(self):
        super().__init__("sigframe", gdb.COMMAND_USER, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        ia32 = ia32_default_frame()
        if ia32:
            self.ia32(*((int(gdb.parse_and_eval(arg)) & 0xffffffff, None) if arg else ia32))
            return
        addr, how = (int(gdb.parse_and_eval(arg)) & MASK64, None) if arg else default_frame()
        frame = Frame(addr)
        signo, code = frame["info.si_signo"], frame["info.si_code"]
        print(f"struct rt_sigframe at {addr:#x}" + (f" ({how})" if how else ""))
        print(f"  {signal_name(signo)} ({signo}), {describe_si_code(signo, code)}")
        call = handler_call(frame)
        if call:
            print(f"  {call}")
        for problem in problems(frame):
            print(f"  warning: {problem}: is this a frame setup_rt_frame built?")
        for heading, offset, name, value, note in frame_rows(frame):
            if heading:
                print(f"  -- {heading} --")
            print(f"  +{offset:#05x}  {name:<13} {value:<18}  {note}".rstrip())
        fpstate = frame["uc.uc_mcontext.fpstate"]
        print(f"  -- the FPU image at fpstate, {fpstate:#x}: the interrupted code's FPU and vector registers --")
        for offset, name, value, note in fpu_rows(fpstate):
            where = f"fpstate+{offset:#05x}" if offset is not None else "fpstate"
            print(f"  {where}  {name:<13} {value:<10}  {note}".rstrip())


    @staticmethod
    def ia32(addr, how):
        """A 32-bit handler's frame (struct rt_sigframe_ia32 or struct sigframe_ia32)."""
        kind = ia32_frame_type(addr)
        frame, rt = Frame(addr, kind), kind.name == "rt_sigframe_ia32"
        print(f"{kind} at {addr:#x}" + (f" ({how})" if how else "") + ": a 32-bit handler's frame (SA_IA32_ABI)")
        print(f"  {signal_name(frame['sig'])} ({frame['sig']}): handler(sig" + (", &info, &uc)" if rt else ")")
              + " with esp at the frame, eax = sig" + (", edx = &info, ecx = &uc" if rt else ", edx = ecx = 0"))
        for heading, offset, name, value, note in ia32_rows(frame, rt):
            if heading:
                print(f"  -- {heading} --")
            print(f"  +{offset:#05x}  {name:<13} {value:<23}  {note}".rstrip())
        fpstate = frame[("uc.uc_mcontext." if rt else "sc.") + "fpstate"]
        print(f"  -- the FPU image at fpstate, {fpstate:#x}: an FSAVE-format header, then the FXSAVE/XSAVE image --")
        for offset, name, value, note in ia32_fpu_rows(fpstate):
            where = f"fpstate+{offset:#05x}" if offset is not None else "fpstate"
            print(f"  {where}  {name:<13} {value:<10}  {note}".rstrip())


class BreakSignal(gdb.Command):
    """Stop where the kernel delivers a signal (or only SIGNAL), and say which.

Usage: break-signal [SIGNAL]

SIGNAL is a name (SIGUSR1, USR1) or a number (10); without it, every delivery
stops. Delivery happens on the way back to user space (exit_to_user_mode_loop,
kernel/signal.c): get_signal takes the next pending signal, then either

  - a handler runs: the stop is in handle_signal (arch/x86/kernel/signal.c)
    right after setup_rt_frame has written the frame on the user's stack and
    pointed pt_regs at the handler. The condition reads the struct ksignal
    get_signal filled in: ks->sig == 10 && regs->ip == ks->ka.sa_handler.
    sigframe shows the frame there (at pt_regs->sp), and tbreak *ADDR on the
    handler's address then continue stops at its first instruction, in ring 3;
  - or the default action ends the program: the stop is at program_kill or
    program_stop (kernel/program.c), which get_signal calls; the condition is
    on their argument, the signal: $edi == 15.

Each stop prints the signal and the program, and the handler and the frame,
or the action. An ignored signal is dropped with no stop. These are ordinary
breakpoints: info breakpoints shows them, delete N removes them. As for
break-syscall, they are hardware breakpoints before the kernel has turned
paging on."""

    stops = {}                  # breakpoint number -> "handler" or "default"

    def __init__(self):
        super().__init__("break-signal", gdb.COMMAND_USER)
        gdb.events.stop.connect(self.stopped)

    def invoke(self, arg, from_tty):
        text = arg.strip()
        sig = parse_signal(text) if text else None
        if text and sig is None:
            raise gdb.GdbError(f"no signal named {text!r}; there are: {', '.join(self.names())}, or a number")
        what = f"{signal_name(sig)}'s" if sig else "a"
        delivered = "regs->ip == ks->ka.sa_handler"
        for addr in after_setup_rt_frame():
            bp = self.breakpoint(addr, "handler", f"ks->sig == {sig} && {delivered}" if sig else delivered)
            print(f"  breakpoint {bp.number} stops when {what} handler is about to run: {bp.condition}")
        for function in ("program_kill", "program_stop"):
            bp = self.breakpoint(symbol_address(function), "default", f"$edi == {sig}" if sig else None)
            print(f"  breakpoint {bp.number} stops when {signal_name(sig) if sig else 'a signal'}'s default "
                  f"action {'ends' if function == 'program_kill' else 'stops'} the program"
                  + (f": {bp.condition}" if sig else ""))

    def breakpoint(self, addr, stop, condition):
        kind = gdb.BP_BREAKPOINT if readable(addr) else gdb.BP_HARDWARE_BREAKPOINT
        bp = gdb.Breakpoint(f"*{addr:#x}", type=kind)
        bp.condition = condition
        BreakSignal.stops[bp.number] = stop
        return bp

    def stopped(self, event):
        """At a stop by one of these breakpoints: which signal, for which program, what next."""
        kinds = [BreakSignal.stops.get(bp.number) for bp in getattr(event, "breakpoints", [])]
        try:
            if "handler" in kinds:
                sig = int(gdb.parse_and_eval("ks->sig"))
                code = int(gdb.parse_and_eval("ks->info.si_code"))
                handler = int(gdb.parse_and_eval("ks->ka.sa_handler")) & MASK64
                sp = read_frame(current_frame_address())["sp"]
                print(f"{signal_name(sig)} ({sig}), {describe_si_code(sig, code).split(':')[0]}, "
                      f"for {task_label()}: its handler runs next, {code_address(handler)}")
                print(f"  setup_rt_frame built the frame at {sp:#x} (sigframe shows it); "
                      f"tbreak *{handler:#x} stops at the handler")
            elif "default" in kinds:
                sig = register("rdi") & 0xffffffff
                ends = "ends" if gdb.selected_frame().name() == "program_kill" else "stops"
                print(f"{signal_name(sig)} ({sig}) {ends} {task_label()}: no handler runs, the default action"
                      + ("" if ends == "ends" else "; nothing can continue it, so its run is over"))
        except gdb.error as e:
            print(f"break-signal: cannot read the signal here: {e}")

    def names(self):
        return sorted(signal_numbers(), key=signal_numbers().get)

    def complete(self, text, word):
        return [name for name in self.names() if name.startswith(text)]


class KillOnExit(gdb.Parameter):
    """Whether quitting GDB ends the QEMU it debugs. scripts/debug.sh turns this on.

When off, GDB detaches as it quits and the machine runs on, printing on the
terminal after the session; when on, quit first tells QEMU's stub to kill it."""
    set_doc = "Set whether quitting GDB ends QEMU."
    show_doc = "Show whether quitting GDB ends QEMU."

    def __init__(self):
        super().__init__("trapdoor-kill-on-exit", gdb.COMMAND_SUPPORT, gdb.PARAM_BOOLEAN)
        self.value = False
        # quit detaches before GDB reports it is exiting: hook the command itself.
        gdb.execute("define hook-quit\npython kill_on_exit.kill_if_set()\nend")
        gdb.execute("document hook-quit\nRuns before quit: kills QEMU if trapdoor-kill-on-exit is on.\nend")

    def kill_if_set(self):
        if self.value and gdb.selected_inferior().pid:
            gdb.execute("with confirm off -- kill")


PtRegs()
SyscallArgs()
BreakSyscall()
UserSymbols()
SigFrame()
BreakSignal()
kill_on_exit = KillOnExit()
