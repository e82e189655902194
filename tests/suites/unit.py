# SPDX-License-Identifier: MIT
"""Host unit tests: lib/ (vsnprintf, string), the SYSCALL_DEFINE wrappers with
a fake pt_regs, the SYSRET decision, copy_struct_from_user, and the table generator. Each prints TAP;
every TAP line becomes one check here."""
import subprocess

from trapdoor import BUILD, ROOT, tap

PROGRAMS = [
    [str(BUILD / "tests/unit/test_lib")],
    [str(BUILD / "tests/unit/test_syscall_wrappers")],
    [str(BUILD / "tests/unit/test_sysret")],
    [str(BUILD / "tests/unit/test_usercopy")],
    ["sh", "tests/unit/test_syscalltbl.sh"],
]


def run(t):
    for argv in PROGRAMS:
        name = argv[-1].split("/")[-1]
        p = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = tap(p.stdout)
        for passed, _, desc in lines:
            t.ok(passed, f"{name}: {desc}", p.stdout)
        t.ok(p.returncode == 0 and lines, f"{name} exits 0 after its checks", p.stdout[-2000:])
