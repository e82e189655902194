# SPDX-License-Identifier: MIT
"""trapdoor's own calls, the two ways of growing an interface that docs/growing.md
compares: dup_ext (a structure that carries its size, copy_struct_from_user's rules)
and indirect (a multiplexer with a whitelist).

user/grow.c tests both through syscall and int $0x80 and prints TAP: every line
becomes a check here. It runs with the tracer on for the two calls, so the same boot
shows that the tracer names them from trapdoor's .tbl (Linux has no such numbers)
and prints what their structures hold, the wrapped call decoded by name.
"""
import re

from trapdoor import ALL_PASSED, boot, build_iso, program, tap, tail

# Lines the tracer must print (addresses as ADDR), each through both entries.
TRACED = [
    "dup_ext(uargs=ADDR {oldfd=1, newfd=10, flags=O_CLOEXEC}, size=16) = 10",
    "dup_ext(uargs=ADDR {oldfd=1, newfd=11}, size=8) = 11",
    "dup_ext(uargs=ADDR {oldfd=1, newfd=14, flags=O_CLOEXEC, /* 8 bytes this kernel does not know */}, size=24) = -7 E2BIG",
    "dup_ext(uargs=ADDR, size=7) = -22 EINVAL",
    "dup_ext(uargs=ADDR, size=16) = -14 EFAULT",
    "indirect(call=ADDR {nr=NR_DUP, dup(fildes=1)}, params=ADDR {file_flags=O_CLOEXEC}, size=4) = 3",
    "indirect(call=ADDR {nr=NR_DUP2, dup2(oldfd=1, newfd=20)}, params=ADDR {file_flags=O_CLOEXEC}, size=4) = 20",
    "indirect(call=ADDR {nr=NR_FCNTL, fcntl(fd=1, cmd=F_DUPFD, arg=30)}, params=ADDR {file_flags=O_CLOEXEC}, size=4) = 30",
    "indirect(call=ADDR {nr=NR_GETPID, getpid()}, params=ADDR {file_flags=0}, size=4) = -22 EINVAL",
]
NUMBERS = {"syscall": {"NR_DUP": 32, "NR_DUP2": 33, "NR_FCNTL": 72, "NR_GETPID": 39},
           "int 0x80": {"NR_DUP": 41, "NR_DUP2": 63, "NR_FCNTL": 55, "NR_GETPID": 20}}


def normalized(line):
    return re.sub(r"0x[0-9a-f]+", "ADDR", line)


def run(t):
    status, out = boot(build_iso("growing", [program("grow")], cmdline="strace=indirect,dup_ext"))
    lines = tap(out)
    for passed, _, desc in lines:
        t.ok(passed, f"grow: {desc}", tail(out))
    plan = re.search(r"^1\.\.(\d+)$", out, re.M)
    t.ok(plan and int(plan.group(1)) == len(lines) > 100,
         f"grow ran all its checks ({len(lines)} TAP lines, plan {plan.group(1) if plan else 'missing'})", tail(out))
    t.ok(status == ALL_PASSED and "pid 1 (grow) exited with status 0" in out,
         "grow exits with status 0", tail(out))

    traced = {normalized(m.group(1)) for m in re.finditer(r"^\[1 grow\] (.*)$", out, re.M)}
    for entry, numbers in NUMBERS.items():
        suffix = " <int80>" if entry == "int 0x80" else ""
        for want in TRACED:
            want = re.sub(r"\bNR_\w+", lambda m: str(numbers[m.group(0)]), want)
            t.ok(want + suffix in traced, f"the tracer prints, through {entry}: {want}",
                 "traced:\n" + "\n".join(sorted(traced))[:4000])
