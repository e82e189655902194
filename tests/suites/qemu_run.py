# SPDX-License-Identifier: MIT
"""scripts/qemu-run.sh: its status, and the last line that says what it means,
for every way a run ends: the kernel's three words (all passed, a program
failed, a panic), a triple fault (trap=triple), QEMU failing to start, you
quitting with Ctrl-A X on a terminal, and a SIGTERM to the script or to QEMU.
And make run: GNU make exits 2 whatever the script said, so its output must
carry the script's status."""
import os
import pty
import re
import select
import signal
import subprocess
import tempfile
import time

from trapdoor import ALL_PASSED, NO_WORD, PANIC, QUIT, ROOT, SOME_FAILED, boot, build_iso, program, tail

VERDICT = re.compile(r"^qemu-run\.sh: status (\d): (.*)$")


def verdict(out):
    """(status, meaning) from the last line of the output, or None."""
    lines = out.rstrip("\n").splitlines()
    m = VERDICT.match(lines[-1]) if lines else None
    return (int(m.group(1)), m.group(2)) if m else None


def check(t, what, status, out, want_status, meaning):
    """The status, and a last line that gives the same status and a meaning matching the regex."""
    v = verdict(out)
    t.ok(status == want_status and v and v[0] == want_status and re.search(meaning, v[1]),
         f"{what}: status {want_status}, and the last line says so: /{meaning}/",
         f"status {status}, last line {v}\n{tail(out, 8)}")


def qemu_pid(script_pid):
    """QEMU's pid: the child of qemu-run.sh whose command line is QEMU's."""
    for task in os.listdir(f"/proc/{script_pid}/task"):
        for kid in open(f"/proc/{script_pid}/task/{task}/children").read().split():
            try:
                if open(f"/proc/{kid}/cmdline", "rb").read().startswith(b"qemu-system"):
                    return int(kid)
            except FileNotFoundError:
                pass
    return None


def run_on_pty(iso, act, timeout=60):
    """Run qemu-run.sh on a pseudo-terminal, as make run does in a terminal. Once the kernel
    has printed its command line, act(master fd, script pid, qemu pid). Returns (status,
    output, qemu pid)."""
    master, slave = pty.openpty()
    p = subprocess.Popen(["sh", str(ROOT / "scripts" / "qemu-run.sh"), str(iso)], stdin=slave, stdout=slave,
                         stderr=slave, cwd=ROOT, env=dict(os.environ, ACCEL="tcg"), start_new_session=True)
    os.close(slave)
    out, acted, qemu = b"", False, None
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:         # EIO: every writer has closed the terminal
                    chunk = b""
                if not chunk:
                    break
                out += chunk
            if not acted and b"command line:" in out:
                qemu = qemu_pid(p.pid)
                act(master, p.pid, qemu)
                acted = True
        status = p.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        status = None
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        os.close(master)
    return status, out.decode("utf-8", "replace").replace("\r\n", "\n"), qemu


def gone(pid):
    return pid is not None and not os.path.exists(f"/proc/{pid}")


def run(t):
    status, out = boot(build_iso("qrun-passed", [program("alive")]))
    check(t, "every program exits 0", status, out, ALL_PASSED, r"^every program exited with status 0$")
    status, out = boot(build_iso("qrun-failed", [program("fault", "ud2"), program("alive")]))
    check(t, "a program is killed", status, out, SOME_FAILED, r"^a program failed, was killed, or could not run$")
    status, out = boot(build_iso("qrun-panic", [], cmdline="trap=ud"))
    check(t, "the kernel panics", status, out, PANIC, r"^the kernel panicked$")

    triple = build_iso("qrun-triple", [program("alive")], cmdline="trap=triple")
    status, out = boot(triple)
    check(t, "trap=triple", status, out, NO_WORD, r"the machine reset .*: a triple fault")
    t.ok("trap=triple: raising it in the kernel on purpose" in out and "Kernel panic" not in out
         and "pid 1 (alive)" not in out,
         "trap=triple stops the machine at once: no panic report, no program", tail(out))
    with tempfile.TemporaryDirectory(prefix="trapdoor-qrun.") as tmp:
        status, out = boot(triple, qemu_flags=["-d", "int", "-D", f"{tmp}/mine.log"])
        mine = open(f"{tmp}/mine.log").read() if os.path.exists(f"{tmp}/mine.log") else ""
    check(t, "a triple fault, with your own -d int -D FILE", status, out, NO_WORD, r"a triple fault")
    t.ok(re.search(r"check_exception old: 0xffffffff new 0x6", mine) and "Triple fault" in mine,
         "your -D FILE gets your -d int (the #UD, #GP, #DF) and the triple fault", mine[-1500:])

    status, out = boot(triple, qemu_flags=["-d", "int"])
    check(t, "a triple fault, with your own -d int and no -D", status, out, NO_WORD, r"a triple fault")
    t.ok("check_exception old: 0xffffffff new 0x6" in out, "your -d int still logs to stderr", tail(out))

    status, out = boot(build_iso("qrun-passed", [program("alive")]), qemu_flags=["-no-such-option"])
    check(t, "QEMU fails to start", status, out, NO_WORD,
          r"^QEMU failed \(status 1\): qemu-system-x86_64: -no-such-option: invalid option$")

    iso = build_iso("qrun-init", [program("init")])
    status, out, qemu = run_on_pty(iso, lambda fd, script, qemu: os.write(fd, b"\x01x"))
    check(t, "Ctrl-A X typed on the terminal", status, out, QUIT, r"^you quit QEMU \(Ctrl-A X")
    t.ok("QEMU: Terminated" in out and "powering off" not in out, "Ctrl-A X stopped QEMU before the end", tail(out))

    status, out, qemu = run_on_pty(iso, lambda fd, script, qemu: os.kill(script, signal.SIGTERM))
    check(t, "SIGTERM to qemu-run.sh", status, out, QUIT, r"terminating on signal 15")
    t.ok(gone(qemu), "SIGTERM to qemu-run.sh ends its QEMU too", f"QEMU pid {qemu}")

    status, out, qemu = run_on_pty(iso, lambda fd, script, qemu: os.kill(qemu, signal.SIGTERM))
    check(t, "SIGTERM to QEMU", status, out, QUIT, r"terminating on signal 15")

    # make run: GNU make exits 2 for any failed command; the script's line comes just before make's.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    p = subprocess.run(["make", "--no-print-directory", "run", f"ISO={triple}", "-o", str(triple)], cwd=ROOT,
                       env=dict(env, ACCEL="tcg"), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    lines = p.stdout.rstrip("\n").splitlines()
    v = VERDICT.match(lines[-2]) if len(lines) >= 2 else None
    t.ok(p.returncode == 2 and v and v.group(1) == "3" and re.match(r"make: \*\*\* \[.*: run\] Error 3$", lines[-1]),
         "make run after a triple fault: make exits 2; its last two lines give the script's status 3 and why",
         f"make exited {p.returncode}\n" + "\n".join(lines[-4:]))
