# SPDX-License-Identifier: MIT
"""Kernel options (kernel/cmdline.c): a typo must not pass in silence. An
unknown option, or a name in strace=... that is no system call, draws one
warning line at boot that lists what is valid; correct options draw none."""
import re

from trapdoor import ALL_PASSED, boot, build_iso, program, tail

SYSCALL_NAMES = {"read", "write", "getpid", "getppid", "uname", "exit", "exit_group"}


def warnings(out):
    return [line for line in out.splitlines() if line.startswith("trapdoor: warning:")]


def booted(t, tag, cmdline):
    status, out = boot(build_iso(f"cmdline-{tag}", [program("alive")], cmdline=cmdline))
    t.ok(status == ALL_PASSED, f"CMDLINE=\"{cmdline}\": the kernel boots and runs its program anyway",
         f"status {status}\n{tail(out)}")
    return out


def before_first_program(out, line):
    """The line is printed at boot, before the first program starts."""
    return line in out and out.index(line) < out.find("pid 1 (alive)")


def run(t):
    out = booted(t, "typo", "stracee")
    w = warnings(out)
    m = re.fullmatch(r'trapdoor: warning: unknown kernel option "stracee" ignored; the options are: (.*)',
                     w[0]) if len(w) == 1 else None
    t.ok(m, "CMDLINE=stracee: one warning names the unknown option", "\n".join(w) or tail(out))
    if m:
        t.ok(re.search(r"\bstrace\b", m.group(1)) and re.search(r"\btrap=ud\|pf\|de\|gp\b", m.group(1)),
             "the warning lists the valid options, strace and trap=ud|pf|de|gp", m.group(1))
        t.ok(before_first_program(out, w[0]), "the warning comes at boot, before the first program", tail(out))
    t.ok("[1 alive]" not in out, "CMDLINE=stracee traces nothing", tail(out))

    out = booted(t, "strace-typo", "strace=wirte,getpid")
    w = warnings(out)
    m = re.fullmatch(r'trapdoor: warning: strace: no system call is named "wirte"; the names are: (.*)',
                     w[0]) if len(w) == 1 else None
    t.ok(m, "CMDLINE=strace=wirte,getpid: one warning names the unknown system call", "\n".join(w) or tail(out))
    if m:
        names = set(m.group(1).split())
        t.ok(SYSCALL_NAMES | {"summary"} <= names,
             "the warning lists every system call name, and summary", m.group(1))
        t.ok(before_first_program(out, w[0]), "the warning comes at boot, before the first program", tail(out))
    t.ok("[1 alive] getpid() = 1" in out, "the names that are right (getpid) are still traced", tail(out))

    # Limits: 32 words (the 33rd, a typo, is dropped unread) and 16 names in strace=.
    names = ",".join(["write", "getpid"] * 8 + ["uname"])
    out = booted(t, "limits", " ".join(["strace"] * 31 + [f"strace={names}", "stracee"]))
    w = warnings(out)
    t.ok(w == ["trapdoor: warning: only the first 32 words of the command line are read",
               'trapdoor: warning: strace: only the first 16 names are used; "uname" and what follows are not'],
         "words past the 32nd, and names past the 16th, are not dropped in silence", "\n".join(w) or tail(out))

    for tag, cmdline in (("none", ""), ("good", "strace=write,getpid,summary")):
        out = booted(t, tag, cmdline)
        t.ok(not warnings(out), f"CMDLINE=\"{cmdline}\" draws no warning", "\n".join(warnings(out)) or tail(out))
