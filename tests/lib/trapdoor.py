# SPDX-License-Identifier: MIT
"""Helpers the test suites share: build an ISO, boot it, read symbols, parse TAP."""
import os
import pathlib
import re
import select
import signal
import struct
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / "build"
KERNEL = BUILD / "trapdoor.elf"
USER = BUILD / "user"

# What scripts/qemu-run.sh returns (kernel/power.c explains the kernel's side):
# the kernel's three words; none (a triple fault, QEMU failed); QEMU quit or signalled first.
ALL_PASSED, SOME_FAILED, PANIC, NO_WORD, QUIT = 0, 1, 2, 3, 4


def item(path, *args):
    """One item of a PROGRAMS list: the path and arguments, each word's spaces, commas
    and backslashes escaped with a backslash (scripts/mkiso.sh undoes it)."""
    def escape(word):
        return "".join("\\" + c if c in " ,\\" else c for c in str(word))
    return " ".join(escape(w) for w in [path, *args])


def program(name, *args):
    """An item for one of our programs: build/user/NAME.elf with its arguments. The path
    is relative to the checkout (mkiso.sh runs there): it becomes argv[0], and the start-up
    stack's addresses, which the golden trace shows, must not depend on where the
    checkout is."""
    return item((USER / f"{name}.elf").relative_to(ROOT), *args)


def build_iso(tag, programs, cmdline="", kernel=KERNEL):
    """Make build/tests/iso/TAG.iso running programs: PROGRAMS items (see item())."""
    out = BUILD / "tests" / "iso" / f"{tag}.iso"
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["sh", str(ROOT / "scripts" / "mkiso.sh"), str(out), str(kernel), cmdline, ", ".join(programs)],
                   check=True, cwd=ROOT)
    return out


def boot(iso, stdin=b"", timeout=60, qemu_flags=(), send_after=None):
    """Boot iso under QEMU (TCG). Returns (status, console text); status as qemu-run.sh's,
    or None if QEMU had to be killed after timeout seconds. stdin is typed on the serial
    console once the console has printed the text send_after (at once if None): the
    kernel resets the UART at boot, so earlier input could be lost. send_after may
    also be a list of (text, bytes): each bytes is typed once text has been printed
    after the previous one's text (stdin is then not used)."""
    p = subprocess.Popen(["sh", str(ROOT / "scripts" / "qemu-run.sh"), str(iso), *qemu_flags],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         cwd=ROOT, env=dict(os.environ, ACCEL="tcg"),
                         start_new_session=True)       # its own process group: QEMU is a grandchild
    out = bytearray()
    script = [(t.encode(), data) for t, data in send_after] if isinstance(send_after, list) else \
        [(send_after.encode(), stdin)] if send_after and stdin else []
    seen = 0                                # where in out the next text is looked for
    if stdin and not send_after:
        p.stdin.write(stdin)
        p.stdin.flush()
    deadline = time.monotonic() + timeout
    status = None
    try:
        while True:
            ready, _, _ = select.select([p.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break                           # timed out
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                status = p.wait()
                break
            out += chunk
            while script and out.find(script[0][0], seen) >= 0:
                seen = out.find(script[0][0], seen) + len(script[0][0])
                p.stdin.write(script.pop(0)[1])
                p.stdin.flush()
    finally:
        if status is None:
            os.killpg(p.pid, signal.SIGKILL)    # the script and the QEMU it started
            p.wait()
        p.stdin.close()
        p.stdout.close()
    return status, out.decode("utf-8", "replace").replace("\r\n", "\n")


def run_programs(tag, programs, cmdline="", **kwargs):
    """build_iso + boot."""
    return boot(build_iso(tag, programs, cmdline), **kwargs)


def symbol(name, elf=KERNEL):
    """The address of a symbol, from nm."""
    out = subprocess.run(["nm", str(elf)], stdout=subprocess.PIPE, check=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    raise KeyError(name)


def sections(elf):
    """[(name, address, size)] of the sections an ELF64 file loads (SHF_ALLOC, address != 0)."""
    data = pathlib.Path(elf).read_bytes()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = headers[shstrndx][4]                # sh_offset of the section-name table
    found = []
    for name, _, flags, addr, _, size, *_ in headers:
        if flags & 2 and addr:                  # SHF_ALLOC
            found.append((data[names + name:data.index(b"\0", names + name)].decode(), addr, size))
    return found


def tap(text):
    """[(passed, number, description)] for each TAP line in text."""
    return [(m.group(1) is None, int(m.group(2)), m.group(3))
            for m in re.finditer(r"^(not )?ok (\d+) - (.*)$", text, re.M)]


def tail(text, n=25):
    return "\n".join(text.splitlines()[-n:])
