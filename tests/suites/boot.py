# SPDX-License-Identifier: MIT
"""Boot: the banner, the memory summary, the GDT/MSR table, a clean power-off."""
import re

from trapdoor import ALL_PASSED, NO_WORD, boot, build_iso, program, tail


def run(t):
    status, out = boot(build_iso("boot", [program("alive")]))
    t.ok(status == ALL_PASSED, "a boot running one good program powers off with success", tail(out))
    t.ok(re.search(r"^trapdoor \S+: a small x86-64 kernel about system calls$", out, re.M),
         "the kernel prints its banner", tail(out))
    m = re.search(r"^memory: (\d+) MiB usable in (\d+) regions, (\d+) pages free; 1 programs$", out, re.M)
    t.ok(m and 100 <= int(m.group(1)) <= 128 and int(m.group(3)) > 20000,
         "the memory map summary shows QEMU's 128 MiB and the free pages", tail(out))
    t.ok(re.search(r"STAR\s+0023001000000000\s+SYSCALL: CS=0x10 SS=0x18\s+SYSRET: CS=0x33 SS=0x2b", out),
         "the boot table shows STAR and the selectors SYSCALL and SYSRET will load", tail(out))
    t.ok(re.search(r"^\s+6\s+0x33\s+00affa000000ffff\s+3\s+user code, 64-bit \(L=1\)$", out, re.M),
         "the GDT table shows the 64-bit user code segment at 0x33 with DPL 3", tail(out))
    t.ok(re.search(r"SFMASK\s+0000000000257fd5", out), "SFMASK clears TF, IF, DF, IOPL, NT and AC", tail(out))
    t.ok("SMEP on, SMAP on, UMIP on" in out, "SMEP, SMAP and UMIP are on under -cpu max", tail(out))
    t.ok("pid 1 (alive) exited with status 0" in out, "the program runs and its end is reported", tail(out))

    # Regression: isa-debug-exit turned the kernel's "all passed" into QEMU status 1,
    # which is also what QEMU returns when it fails to start: a broken run passed.
    status, out = boot(build_iso("boot", [program("alive")]), qemu_flags=["-no-such-option"])
    t.ok(status == NO_WORD, "QEMU failing to start is not mistaken for success", f"status {status}\n{tail(out)}")
