# SPDX-License-Identifier: MIT
"""Linux 6.1 under QEMU as the oracle: for programs this machine's kernel cannot
run (32-bit ones: it answers "Exec format error"), or to see what a given CPU
model does.

run(items, cpu) puts the programs into an initramfs with a static /init built
from scripts/linux-ref/oracle_init.c, boots Debian's linux-image-6.1.0-56-amd64
(the package scripts/linux-ref/measure.py downloads into build/linux-ref/) under
qemu-system-x86_64 -accel tcg -cpu CPU, without -icount, and returns for each
item what it printed and how it ended. Each item runs as trapdoor runs it:
argv[0] is the path exactly as given, which is also the program's path in the
initramfs (relative to /, the cwd, or absolute); the environment is HOME=/ and
TERM=linux; stdin is an empty pipe. Run 1 gives stdout and stderr a pipe each,
run 2 one pipe for both (the order of the writes). The two runs must end the
same way and print the same bytes; OracleRun.same_twice says whether they did.

Results are cached per item under build/linux-oracle/cache/, keyed on the
program's bytes, the path and arguments, the CPU model, the kernel command line,
QEMU's extra flags, the kernel and /init: a second make test boots nothing.
An item is cached when its two runs ended the same way (what a selftest prints
may differ: the vDSO's address, in a signal's report, is random).

  python3 tests/lib/linux_oracle.py [--cpu MODEL] [--no-cache] PATH [ARG...] [, PATH ARG...]
"""
import dataclasses
import fcntl
import hashlib
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LINUX_REF = ROOT / "scripts" / "linux-ref"
sys.path.insert(0, str(LINUX_REF))
import measure  # noqa: E402   (the kernel package: download and unpack)
import mkcpio   # noqa: E402

WORK = ROOT / "build" / "linux-oracle"
CACHE = WORK / "cache"
INIT_SRC = LINUX_REF / "oracle_init.c"

# The two CPU models the tests use: an AMD-like one (vendor AuthenticAMD: in
# long mode SYSENTER is #UD, and Linux's vDSO enters by SYSCALL) and an Intel one
# (SYSENTER works in compatibility mode; SYSCALL there is #UD, and the vDSO
# enters by SYSENTER).
AMD = "qemu64"
INTEL = "Haswell-noTSX-IBRS"
CPUS = [AMD, INTEL]
APPEND = "console=ttyS0 quiet panic=-1"
BOOT_TIMEOUT = 120              # seconds for one boot, on top of the programs' own time


@dataclasses.dataclass(frozen=True)
class Item:
    path: str                   # argv[0], and the program's path in the initramfs
    args: tuple = ()
    file: str = None            # the file to put there (default: ROOT/path, or path if absolute)

    def host_file(self):
        return pathlib.Path(self.file) if self.file else (pathlib.Path(self.path) if self.path.startswith("/")
                                                          else ROOT / self.path)


@dataclasses.dataclass
class OracleRun:
    output: str                 # stdout and stderr in the order they were written (run 2)
    status: str                 # "exited with status N" or "killed by SIGX" (run 1)
    stdout: str = ""
    stderr: str = ""
    wait_status: int = 0
    timed_out: bool = False
    same_twice: bool = True     # run 2 ended as run 1 and printed the same bytes
    cached: bool = False
    why: str = None             # set, with status None, if the boot gave no result for it


def describe(wait_status):
    """A wait status in the kernel's words (trapdoor's and realprogs_harness's)."""
    if wait_status < 0:
        return "not waited for"
    if os.WIFEXITED(wait_status):
        return f"exited with status {os.WEXITSTATUS(wait_status)}"
    sig = os.WTERMSIG(wait_status)
    try:
        return f"killed by {signal.Signals(sig).name}"
    except ValueError:
        return f"killed by signal {sig}"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_init():
    """build/linux-oracle/init, a static x86-64 /init (glibc's libc.a), rebuilt when its source
    changes. Several suites ask at once: a lock serializes the build, and the file appears
    under its name only when whole."""
    init = WORK / "init"
    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / ".init.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not init.exists() or init.stat().st_mtime < INIT_SRC.stat().st_mtime:
            tmp = WORK / f"init.{os.getpid()}.{threading.get_ident()}"
            subprocess.run(["gcc", "-O2", "-Wall", "-Werror", "-static", "-o", str(tmp), str(INIT_SRC)], check=True)
            os.replace(tmp, init)
    return init


def _key(item, kernel_id, init_id, cpu, append, qemu_flags, timeout, runs):
    if not item.host_file().is_file():
        raise OracleError(f"{item.host_file()}: no such file, for the oracle to run as {item.path}")
    what = [kernel_id, init_id, cpu, append, list(qemu_flags), timeout, runs,
            sha256(item.host_file()), item.path, list(item.args)]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:32]


def parse_report(data):
    """{(item, run): (wait status, timed out, stdout bytes, stderr bytes)} and whether the end marker came."""
    found, pos = {}, 0
    head = re.compile(rb"@@oracle (\d+) (\d+) status (-?\d+) timeout (\d) out (\d+) err (\d+)\n")
    while True:
        m = head.search(data, pos)
        if not m:
            break
        n_out, n_err = int(m.group(5)), int(m.group(6))
        body = data[m.end():m.end() + n_out + n_err]
        if len(body) < n_out + n_err:
            break
        found[(int(m.group(1)), int(m.group(2)))] = (int(m.group(3)), m.group(4) == b"1",
                                                       body[:n_out], body[n_out:])
        pos = m.end() + n_out + n_err
    return found, b"@@oracle end\n" in data[pos:]


def boot(items, cpu, append=APPEND, qemu_flags=(), timeout=30, runs=2, tag=None):
    """Boot Linux once with items. Returns ({index: (wait, timed_out, out, err) per run}, console, seconds)."""
    vmlinuz, _ = measure.kernel()
    init = build_init()
    tag = tag or hashlib.sha256(repr((items, cpu, append, qemu_flags)).encode()).hexdigest()[:12]
    WORK.mkdir(parents=True, exist_ok=True)
    listing = WORK / f"{tag}.list"
    body = f"{timeout} {runs}\n".encode()
    files = {}
    for item in items:
        argv = [item.path, *item.args]
        body += f"{len(argv)}\n".encode() + b"".join(a.encode() + b"\0" for a in argv)
        files[item.path.lstrip("/")] = str(item.host_file())
    listing.write_bytes(body)
    cpio = WORK / f"{tag}.cpio"
    mkcpio.main(str(cpio), str(init), f"oracle.list={listing}", *(f"{n}={f}" for n, f in files.items()))
    report = WORK / f"{tag}.ttyS1"
    report.unlink(missing_ok=True)
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", cpu, "-m", "512M", "-smp", "1",
           "-kernel", str(vmlinuz), "-initrd", str(cpio), "-append", append, *qemu_flags,
           "-display", "none", "-vga", "none", "-serial", "stdio", "-serial", f"file:{report}",
           "-monitor", "none", "-no-reboot"]
    start = time.monotonic()
    limit = BOOT_TIMEOUT + timeout * runs * len(items)
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=limit)
        console = p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        console = (e.stdout or b"").decode("utf-8", "replace") + f"\n(QEMU killed after {limit} s)\n"
    seconds = time.monotonic() - start
    found, ended = parse_report(report.read_bytes() if report.exists() else b"")
    if not ended:
        console += "\n(the oracle's /init never said it was done)\n"
    return found, console, seconds


class OracleError(Exception):
    pass


def run(items, cpu=AMD, append=APPEND, qemu_flags=(), timeout=30, runs=2, cache=True, log=None):
    """[OracleRun] for items ([Item]), in their order; boots Linux only for the
    items not in the cache. log, if given, is called with a line about the boot.
    An item the boot gave no result for (a kernel panic stops the machine) has
    status None and why says so; it is not cached. Raises OracleError if a file is missing."""
    items = [i if isinstance(i, Item) else Item(i[0], tuple(i[1])) for i in items]
    vmlinuz, version = measure.kernel()
    init = build_init()
    kernel_id = f"{version} {vmlinuz.stat().st_size}"
    keys = [_key(i, kernel_id, sha256(init), cpu, append, qemu_flags, timeout, runs) for i in items]
    results = [None] * len(items)
    if cache:
        for n, key in enumerate(keys):
            f = CACHE / f"{key}.json"
            if f.exists():
                results[n] = OracleRun(**dict(json.loads(f.read_text()), cached=True))
    todo = [n for n, r in enumerate(results) if r is None]
    if not todo:
        if log:
            log(f"linux oracle, -cpu {cpu}: all {len(items)} items from the cache")
        return results
    found, console, seconds = boot([items[n] for n in todo], cpu, append, qemu_flags, timeout, runs)
    if log:
        log(f"linux oracle, -cpu {cpu}: one boot ran {len(todo)} items in {seconds:.1f} s")
    tail = "\n".join(console.splitlines()[-15:])
    for k, n in enumerate(todo):
        if (k, 1) not in found or (runs == 2 and (k, 2) not in found):
            results[n] = OracleRun("", None, why=f"Linux 6.1 under QEMU -cpu {cpu} gave no result for it "
                                   f"(one before it may have stopped the machine); the console's end:\n{tail}")
            continue
        wait, timed_out, out, err = found[(k, 1)]
        out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        if runs == 2:
            wait2, timed_out2, merged, _ = found[(k, 2)]
            merged = merged.decode("utf-8", "replace")
            same = wait2 == wait and not timed_out2 and sorted(merged) == sorted(out + err)
        else:
            merged, same = out + err, True
        results[n] = OracleRun(merged, describe(wait), out, err, wait, timed_out, same and not timed_out)
        if cache and wait >= 0 and (runs == 1 or wait2 == wait) and not timed_out:
            CACHE.mkdir(parents=True, exist_ok=True)
            fields = dataclasses.asdict(results[n])
            del fields["cached"]
            tmp = CACHE / f"{keys[n]}.{os.getpid()}.{threading.get_ident()}"
            tmp.write_text(json.dumps(fields) + "\n")
            os.replace(tmp, CACHE / f"{keys[n]}.json")      # whole, for a reader in another suite
    return results


def main(argv):
    cpu, cache = AMD, True
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--cpu":
            cpu = argv.pop(0)
        elif opt == "--no-cache":
            cache = False
        else:
            print(__doc__)
            return 2
    if not argv:
        print(__doc__)
        return 2
    items, word = [], []
    for a in argv + [","]:
        if a == ",":
            if word:
                items.append(Item(word[0], tuple(word[1:])))
            word = []
        else:
            word.append(a)
    for item, r in zip(items, run(items, cpu, cache=cache, log=print)):
        print(f"== {' '.join([item.path, *item.args])}: {r.status or r.why}"
              f"{' (timed out)' if r.timed_out else ''}{'' if r.same_twice else ' (the two runs differ)'}")
        print(r.output, end="" if r.output.endswith("\n") or not r.output else "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
