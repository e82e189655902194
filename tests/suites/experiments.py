# SPDX-License-Identifier: MIT
"""The build variants (docs/experiments.md), cheaply: make experiments measures them all
and holds each to tests/bench/experiments.json; here only what a broken variant would
get wrong fast.

- user/sysretcheck.c on the default kernel: each SYSCALL-path writer of pt_regs leaves a
  frame SYSRET would get wrong, and the program still sees the frame (IRET was taken);
- make VARIANT=sysret-flag and VARIANT=fastpath build, and each boots sysretcheck,
  sighandler and init with every check passed: on sysret-flag only the writers' marks
  keep SYSRET away, on fastpath the fast and the full path must agree."""
import concurrent.futures
import subprocess

from trapdoor import ALL_PASSED, BUILD, ROOT, boot, build_iso, program, tail

PROGRAMS = [program("sysretcheck"), program("sighandler"), program("init")]


def build(variant):
    return subprocess.run(["make", "--no-print-directory", f"VARIANT={variant}", "kernel"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=110)


def run(t):
    status, out = boot(build_iso("experiments-default", [program("sysretcheck")]))
    t.ok(status == ALL_PASSED and "not ok" not in out,
         "default kernel: a frame a pt_regs writer changed is never left by SYSRET (sysretcheck)", tail(out))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        made = dict(zip(["sysret-flag", "fastpath"], pool.map(build, ["sysret-flag", "fastpath"])))
    for variant, p in made.items():
        if not t.ok(p.returncode == 0, f"make VARIANT={variant} builds", tail(p.stdout)):
            continue
        kernel = BUILD / f"variant-{variant}" / "trapdoor.elf"
        status, out = boot(build_iso(f"experiments-{variant}", PROGRAMS, kernel=kernel), timeout=90)
        t.ok(status == ALL_PASSED and "not ok" not in out,
             f"VARIANT={variant}: sysretcheck, sighandler and init pass every check", tail(out))
