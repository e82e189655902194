# SPDX-License-Identifier: MIT
"""Kernel exceptions on purpose (the trap=... option): each must panic with
the exception's name and vector, the faulting RIP (checked against nm), the
error code and, for #PF, CR2 with its decoded bits; QEMU exits with the panic
status."""
import re

from trapdoor import PANIC, boot, build_iso, symbol, tail

CASES = [
    # option, mnemonic, name, vector, extra regex the report must contain
    ("ud", "#UD", "Invalid Opcode", 6, r"error code 0xffffffffffffffff"),
    ("pf", "#PF", "Page Fault", 14,
     r"error code 0x2\n  CR2: ffffffffc0000000 \(not-present page, write, kernel mode\)"),
    ("de", "#DE", "Divide Error", 0, r"error code 0xffffffffffffffff"),
    ("gp", "#GP", "General Protection", 13, r"error code 0x0\n"),
]


def run(t):
    for opt, mnemonic, name, vector, extra in CASES:
        status, out = boot(build_iso(f"trap-{opt}", [], cmdline=f"trap={opt}"))
        rip = symbol(f"trap_{opt}_insn")
        head = f"trapdoor: kernel exception: {mnemonic} {name} (vector {vector}) at RIP {rip:016x}"
        t.ok(head in out, f"trap={opt} reports {mnemonic} {name}, vector {vector}, at trap_{opt}_insn",
             f"want: {head}\n{tail(out)}")
        t.ok(re.search(extra, out), f"trap={opt} reports the error code" + (" and CR2 decoded" if opt == "pf" else ""),
             tail(out))
        t.ok(re.search(r"RIP: 0010:%016x" % rip, out) and "R15:" in out and "ORIG_RAX:" in out,
             f"trap={opt} dumps every pt_regs field", tail(out))
        t.ok(f"Kernel panic: {mnemonic} {name} in kernel mode" in out and status == PANIC,
             f"trap={opt} panics and QEMU exits with the panic status", f"status {status}\n{tail(out)}")
