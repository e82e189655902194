# SPDX-License-Identifier: MIT
"""Far transfers in and out of compatibility mode, on CPU models without SMAP.

QEMU 7.2's TCG, with SMAP on (-cpu max, the default, and Skylake), makes the
stack accesses of a far CALL, far RET or IRET done in ring 3 as if the kernel
made them: they fault (#PF, error code without the U bit) on the program's own
stack, where real CPUs do not. docs/design.md ("The 32-bit entries") says
where trapdoor meets it. So the far-transfer paths are checked on models
without SMAP, where they must work:
- -cpu qemu64 (AMD-like): walk32's far call, far return and ring-3 IRET, then
  init, whose syscall_from_compat_mode far-jumps into 32-bit code, makes a
  SYSCALL there (entry_SYSCALL_compat, back by IRET to compatibility mode)
  and far-jumps back;
- -cpu Haswell-noTSX-IBRS (Intel): walk32's far transfers (init's SYSCALL from
  compatibility mode would be #UD there, as on a real Intel CPU);
and on -cpu max, the model the other suites use: the same far transfers either
work (a QEMU without the quirk) or end in the kernel's warning and the
program's SIGSEGV; never the endless page faults they caused before the kernel
knew of the quirk."""
import concurrent.futures

from trapdoor import ALL_PASSED, boot, build_iso, program, tail

FAR = program("ia32/walk32", "far")
DONE = "walk32: far transfers done"
QUIRK = "QEMU TCG's SMAP quirk"


def run(t):
    # Three boots, two at a time (two cores).
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        amd = pool.submit(boot, build_iso("far32-amd", [FAR, program("init")]), qemu_flags=("-cpu", "qemu64"))
        intel = pool.submit(boot, build_iso("far32-intel", [FAR]), qemu_flags=("-cpu", "Haswell-noTSX-IBRS"))
        smap = pool.submit(boot, build_iso("far32-max", [FAR]), timeout=30)
        status, out = amd.result()
        t.ok(status == ALL_PASSED and DONE in out and "not ok" not in out
             and "SYSCALL from 32-bit compatibility mode makes an ia32 call (getpid) and returns after it" in out,
             "-cpu qemu64 (no SMAP): a 32-bit far call, far return and ring-3 IRET work, and init's far jumps "
             "to and from compatibility mode around a SYSCALL pass", tail(out))
        status, out = intel.result()
        t.ok(status == ALL_PASSED and DONE in out,
             "-cpu Haswell-noTSX-IBRS (no SMAP): a 32-bit far call, far return and ring-3 IRET work", tail(out))
        status, out = smap.result()
    worked = status == ALL_PASSED and DONE in out
    quirk = QUIRK in out and "killed by SIGSEGV" in out and DONE not in out
    t.ok(worked or quirk,
         "-cpu max (SMAP): the far transfers work, or the kernel names QEMU's SMAP quirk and the program "
         "gets SIGSEGV; they never fault forever",
         f"QEMU status {status}\n" + tail(out))
