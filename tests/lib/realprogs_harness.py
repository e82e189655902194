# SPDX-License-Identifier: MIT
"""Real static Linux programs, and Linux itself as the oracle.

The programs: the C files in tests/realprogs/, each built three ways (musl-gcc
-static, gcc -static, gcc -static-pie) into build/realprogs/; Debian's static
/bin/busybox; and Linux's x86 selftests, built unmodified by their own Makefile
from Debian's linux-source-6.1 into build/realprogs/selftests/:
check_initial_reg_state, which must print what it prints on Linux, and the
signal and entry tests in SIGNAL_SELFTESTS, which must pass as they pass on
Linux: [OK] lines, no [FAIL], exit status 0 (what they print depends on the CPU).

Each case becomes one PROGRAMS item, "path arg arg", written by trapdoor.item()
(scripts/mkiso.sh says the syntax). argv[0] is the path exactly as given, and
Linux runs the program with that same argv[0] and the environment trapdoor
gives (HOME=/ TERM=linux).

The oracle: this machine's kernel is Linux. Each program runs here with the
argv and environment trapdoor gives it, and what it prints and how it ends is
what it must print and how it must end under trapdoor.

Under trapdoor, fds 1 and 2 both go to the serial console, between the
kernel's own lines. Each batch boots alive.elf first; a program's output is
the console text between the kernel's report on the previous program
("trapdoor: pid N (name) exited with status S", "... killed by SIG", or
"trapdoor: cannot run NAME: why") and the report on it, less the kernel's own
lines ("trapdoor: ..." and the register dump under an exception report).

  python3 tests/lib/realprogs_harness.py build     build everything; say what failed
  python3 tests/lib/realprogs_harness.py host      run each case on Linux; show what it printed
  python3 tests/lib/realprogs_harness.py syscalls  the system calls each case makes (strace -f)
  python3 tests/lib/realprogs_harness.py syscalls --enosys
      ... each marked NAME!(why) if the case no longer prints and ends as it should when
      that call fails with ENOSYS (strace's fault injection), as unknown calls do in trapdoor
"""
import concurrent.futures
import dataclasses
import difflib
import fcntl
import os
import pathlib
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from trapdoor import BUILD, ROOT, boot, build_iso, program, item as trapdoor_item  # noqa: E402

SRC = ROOT / "tests" / "realprogs"
OUT = BUILD / "realprogs"

# The environment trapdoor gives a program: none today (kernel/program.c puts
# an empty envp on the start-up stack). Change this with the kernel.
ENV = {"HOME": "/", "TERM": "linux"}    # what trapdoor gives every program, as Linux gives init

# (label used in check names, directory under build/realprogs/, compiler command)
LIBCS = [
    ("musl", "musl", ["musl-gcc", "-static"]),
    ("glibc", "glibc", ["gcc", "-static"]),
    ("glibc static-pie", "glibc-pie", ["gcc", "-static-pie"]),
]
CFLAGS = ["-std=gnu11", "-O2", "-g", "-Wall", "-Wextra", "-Werror"]
LIBS = ["-lm"]
TOOL_PACKAGES = {"musl-gcc": "musl-tools", "gcc": "gcc"}
INSTALL_HINT = "sh scripts/install-deps.sh test installs it; make test runs that"

# What each C program is run with (the arguments after argv[0]); one case each.
C_CASES = {
    "hello": [[]],
    "printf_float": [[]],
    "qsort": [[]],
    "malloc": [[]],
    "tls": [[]],
    "setjmp": [[]],
    "stderr": [[]],
    "args": [["one", "two words", "--flag=x", "\u00fcn\u00ef"]],
    "exit_status": [["exit", "3"], ["return", "42"], ["exit", "256"], ["_exit", "7"], ["atexit", "5"]],
    "badargs": [[]],
    "mm": [[]],
    # Signals. Each group or kind is a case of its own, so that one missing piece of
    # the signal ABI fails one case; the order within a batch puts the programs that
    # could wait for ever on a broken kernel (alarm's pause) last.
    "signals": [["info"], ["faults"], ["mask"], ["flags"], ["altstack"], ["rt"]],
    "sigdefault": [["term"], ["usr1"], ["kill"], ["abort"], ["ignored"], ["blocked"], ["exit-in-handler"],
                   ["fault-in-handler"], ["blocked-segv"], ["ignored-segv"]],
    "fpsig": [[]],
    "hostile": [["noncanonical-rip"], ["tf"], ["tf-default"], ["kernel-cs"], ["kernel-ss"], ["kernel-ss-lenient"],
                ["bad-fpstate-ptr"], ["null-fpstate"], ["bad-mxcsr"], ["bad-xsave-header"], ["unmapped-restorer"],
                ["no-restorer"], ["unmapped-handler"], ["bad-rsp"], ["bad-rsp-altstack"]],
    "spin": [["regs"], ["rlimit"]],
    "alarm": [["pause"], ["itimer"], ["sleep"], ["restart"]],
}
# Programs that run with some of the libcs only (all three build them, so a build
# problem still shows): under QEMU a glibc program takes some 0.2 s to start, a musl
# one 0.04 s. What hostile and spin test is the kernel's alone. signals, sigdefault
# and alarm differ between musl and glibc (raise by tkill or tgkill, abort, alarm by
# setitimer or alarm), but static-pie adds only where the program lies, and what the
# kernel does with a signal does not depend on that. fpsig, one case, runs with all three.
LIBCS_FOR = {"hostile": {"musl"}, "spin": {"glibc"}, "signals": {"musl", "glibc"}, "sigdefault": {"musl", "glibc"},
             "alarm": {"musl", "glibc"}}
# Cases that a kernel without the feature leaves running for ever go to the end of
# another batch, with a shorter timeout: a hang costs only that batch.
MOVED = {("spin", "rlimit"): "selftests"}
BATCH_TIMEOUT = {"selftests": 30}   # seconds; the other batches get BOOT_TIMEOUT
BOOT_TIMEOUT = 60
# Programs that flush stdout before each write to stderr: the order of the two
# streams is part of what they print. (Elsewhere stdio's buffering decides the
# order, and it may differ: on Linux stdout is a pipe here, under trapdoor it may
# be a terminal. There any interleaving of the two streams passes.)
EXACT_ORDER = {"stderr"}

BUSYBOX = "/bin/busybox"
BUSYBOX_CASES = [
    ["true"],
    ["false"],
    ["echo", "hello", "from", "busybox"],
    ["seq", "-s", ",", "1", "5"],
    ["expr", "6", "*", "7"],
    ["printf", "%s-%d\\n", "a", "5"],
    ["sh", "-c", "i=0; while [ $i -lt 5 ]; do echo $((i*i)); i=$((i+1)); done"],
    ["sh", "-c", "echo to stdout; echo to stderr >&2; exit 3"],
]

LINUX_TARBALL = pathlib.Path("/usr/src/linux-source-6.1.tar.xz")
LINUX_TOP = "linux-source-6.1"
SELFTESTS = f"{LINUX_TOP}/tools/testing/selftests"
SELFTEST_NAME = "check_initial_reg_state_64"
# Linux's x86 selftests about signals and the entry path, 64-bit, in the order they
# boot in, as batch "selftests". Their Makefile links them dynamically; trapdoor
# loads no interpreter, so they are built with CC="gcc -static" (source and Makefile
# unmodified). The one that could loop for ever on a broken kernel comes last.
SIGNAL_SELFTESTS = ["sigaltstack_64", "syscall_arg_fault_64", "sysret_rip_64", "syscall_nt_64",
                    "single_step_syscall_64", "sigtrap_loop_64"]


@dataclasses.dataclass
class Case:
    title: str              # "musl printf_float", "busybox seq -s , 1 5"
    batch: str              # cases of one batch boot together
    path: str               # the program file: argv[0] is this string, as given
    args: list
    exact_order: bool = False
    selftest: bool = False
    needs: str = None       # the build_all() key whose problem stops this case (default: batch)
    verdict_only: bool = False  # a selftest judged by its own [OK]/[FAIL] and exit status, not Linux's output


def rel(path):
    """A path as the harness gives it to trapdoor (and to argv[0]): relative to the
    top of the tree when it lies inside it."""
    path = pathlib.Path(path)
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def cases():
    out, moved = [], []
    for label, subdir, _ in LIBCS:
        for name, arglists in C_CASES.items():
            if subdir not in LIBCS_FOR.get(name, {subdir}):
                continue
            for args in arglists:
                title = f"{label} {name}" + (f" {shlex.join(args)}" if len(arglists) > 1 else "")
                case = Case(title, subdir, rel(OUT / subdir / name), args, name in EXACT_ORDER, needs=subdir)
                if (name, *args) in MOVED:
                    case.batch = MOVED[(name, *args)]
                    moved.append(case)
                else:
                    out.append(case)
    for name in SIGNAL_SELFTESTS:
        out.append(Case(f"Linux's selftest {name}", "selftests", rel(OUT / "selftests" / name), [], selftest=True,
                        needs=f"selftest {name}", verdict_only=True))
    # The selftest first in its batch: busybox sh loops forever if dup2 fails, and a
    # program that hangs takes the rest of its batch with it.
    out.append(Case(f"Linux's selftest {SELFTEST_NAME}", "busybox", rel(OUT / "selftests" / SELFTEST_NAME), [],
                    selftest=True, needs="selftest"))
    for args in BUSYBOX_CASES:
        out.append(Case(f"busybox {shlex.join(args)}", "busybox", BUSYBOX, args))
    return out + moved          # last in their batches


# ---- Building ------------------------------------------------------------------

def missing_tool(cmd):
    """None, or why the compiler command cannot run."""
    if shutil.which(cmd):
        return None
    return f"{cmd} not found: install Debian's {TOOL_PACKAGES.get(cmd, cmd)} ({INSTALL_HINT})"


def _compile(compiler, src, out):
    """None, or the compiler's complaint. Skips files newer than their inputs (the
    harness and the headers in tests/realprogs/ count as inputs of every program)."""
    inputs = [src, pathlib.Path(__file__), *SRC.glob("*.h")]
    if out.exists() and all(out.stat().st_mtime >= i.stat().st_mtime for i in inputs):
        return None
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    cmd = [*compiler, *CFLAGS, "-o", str(tmp), str(src), *LIBS]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        return f"$ {shlex.join(cmd)}\n{p.stdout}"
    tmp.replace(out)
    return None


def build_c_programs():
    """{subdir: None or why it failed}: every C program, built three ways."""
    result = {}
    jobs = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for _, subdir, compiler in LIBCS:
            why = missing_tool(compiler[0])
            if why:
                result[subdir] = why
                continue
            for name in C_CASES:
                jobs[pool.submit(_compile, compiler, SRC / f"{name}.c", OUT / subdir / name)] = subdir
        for fut, subdir in jobs.items():
            err = fut.result()
            if err and not result.get(subdir):
                result[subdir] = err
            result.setdefault(subdir, None)
    return result


def _clean_env():
    """The environment without make's variables: the selftests' make must not
    inherit our make's flags and level (lib.mk looks at MAKELEVEL)."""
    return {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}


def extract_selftests():
    """None, or why tools/testing/selftests/{lib.mk,x86/} could not be extracted from
    Debian's linux-source-6.1 into build/realprogs/linux/ (once: xz makes tar read the
    whole 138 MB archive, some 13 s). Not thread-safe: one caller at a time."""
    if not LINUX_TARBALL.exists():
        return f"{LINUX_TARBALL} not found: install Debian's linux-source-6.1 ({INSTALL_HINT})"
    src = OUT / "linux"
    stamp = src / ".extracted"
    want = f"{LINUX_TARBALL} {LINUX_TARBALL.stat().st_size} {LINUX_TARBALL.stat().st_mtime_ns}\n"
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / ".extract.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)        # the 32-bit suite extracts the same tree
        if not stamp.exists() or stamp.read_text() != want:
            shutil.rmtree(src, ignore_errors=True)
            src.mkdir(parents=True)
            cmd = ["tar", "-xJf", str(LINUX_TARBALL), "-C", str(src), f"{SELFTESTS}/lib.mk", f"{SELFTESTS}/x86"]
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if p.returncode != 0:
                return f"$ {shlex.join(cmd)}\n{p.stdout}"
            stamp.write_text(want)
    return None


def build_selftest():
    """None, or why check_initial_reg_state_64 could not be built. Extracts the
    selftests (extract_selftests) and builds the test with their own Makefile,
    unmodified."""
    why = extract_selftests()
    if why:
        return why
    src = OUT / "linux"
    out = OUT / "selftests"
    out.mkdir(parents=True, exist_ok=True)
    cmd = ["make", "-s", "-C", str(src / SELFTESTS / "x86"), f"OUTPUT={out}", str(out / SELFTEST_NAME)]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_clean_env())
    if p.returncode != 0 or not (out / SELFTEST_NAME).exists():
        return f"$ {shlex.join(cmd)}\n{p.stdout}"
    return None


def build_signal_selftests():
    """{"selftest NAME": None or why NAME could not be built}, for SIGNAL_SELFTESTS,
    from the tree build_selftest() extracted: one make, -k, statically linked."""
    src = OUT / "linux" / SELFTESTS / "x86"
    out = OUT / "selftests"
    targets = [str(out / name) for name in SIGNAL_SELFTESTS]
    # Up to date: skip make, whose Makefile compiles three probe programs each time it is read.
    newest = max((src / f"{name[:-3]}.c").stat().st_mtime for name in SIGNAL_SELFTESTS)
    newest = max(newest, (src / "helpers.h").stat().st_mtime, (OUT / "linux" / ".extracted").stat().st_mtime)
    if all(pathlib.Path(t).exists() and pathlib.Path(t).stat().st_mtime >= newest for t in targets):
        return {f"selftest {name}": None for name in SIGNAL_SELFTESTS}
    cmd = ["make", "-s", "-k", "-j2", "-C", str(src), f"OUTPUT={out}", "CC=gcc -static", *targets]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=_clean_env())
    why = f"$ {shlex.join(cmd)}\n{p.stdout}"
    return {f"selftest {name}": None if (out / name).exists() else why for name in SIGNAL_SELFTESTS}


def build_selftests():
    """{"selftest": ..., "selftest NAME": ...}: check_initial_reg_state, then the others."""
    problems = {"selftest": build_selftest()}
    if problems["selftest"] and not (OUT / "linux" / ".extracted").exists():
        problems.update({f"selftest {name}": problems["selftest"] for name in SIGNAL_SELFTESTS})
    else:
        problems.update(build_signal_selftests())
    return problems


def busybox_problem():
    """None, or why /bin/busybox cannot be used: it must exist and be static."""
    if not os.access(BUSYBOX, os.X_OK):
        return f"{BUSYBOX} not found: install Debian's busybox-static ({INSTALL_HINT})"
    with open(BUSYBOX, "rb") as f:
        head = f.read(64)
    if head[:4] != b"\x7fELF":
        return f"{BUSYBOX} is not an ELF file"
    p = subprocess.run(["readelf", "-l", BUSYBOX], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    if "program interpreter" in p.stdout:
        return f"{BUSYBOX} is dynamically linked: install Debian's busybox-static ({INSTALL_HINT})"
    return None


def build_all():
    """{batch or "selftest": None or why its programs are not there}. The selftest's
    first extraction (xz, one core) runs beside the compilers."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        selftests = pool.submit(build_selftests)
        problems = build_c_programs()
        problems["busybox"] = busybox_problem()
        problems.update(selftests.result())
    return problems


def case_problem(case, problems):
    return problems.get(case.needs or case.batch)


def batch_timeout(tag):
    return BATCH_TIMEOUT.get(tag, BOOT_TIMEOUT)


# ---- Linux, the oracle ---------------------------------------------------------

@dataclasses.dataclass
class Result:
    output: str             # for Linux: stdout and stderr in the order they were written
    status: str             # "exited with status N" or "killed by SIGX", the kernel's words
    stdout: str = ""
    stderr: str = ""


def was(status):
    """ "exited with status 0", "was killed by SIGSEGV": a status in a sentence."""
    return "was " + status if status.startswith("killed") else status


def describe_returncode(rc):
    if rc < 0:
        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"exited with status {rc}"


def no_core_files():
    """RLIMIT_CORE's soft limit 0, for this process and so for the programs it starts:
    trapdoor gives programs 0, as Linux gives init, and a program killed by SIGABRT
    or SIGXCPU must not leave a core file in the tree."""
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    resource.setrlimit(resource.RLIMIT_CORE, (0, hard))


def run_on_linux(case, merged=False, wrapper=(), timeout=30):
    """Run case on this machine's Linux, with argv[0] the path as given and
    trapdoor's environment. merged: stdout and stderr into one pipe, so that
    output keeps the order of the writes. wrapper: a command to run it under
    (strace); argv[0] is then the path itself."""
    no_core_files()
    argv = [*wrapper, case.path, *case.args]
    p = subprocess.run(argv, executable=None if wrapper else case.path, cwd=ROOT, env=dict(ENV),
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT if merged else subprocess.PIPE, timeout=timeout)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace") if p.stderr is not None else ""
    return Result(out if merged else out + err, describe_returncode(p.returncode), out, err)


def oracle(case):
    """(Result, None) or (None, why not): two runs with separate pipes must agree,
    and a third with one pipe gives the order of the two streams. A verdict-only
    selftest runs once, with one pipe: only its verdict counts."""
    if case.verdict_only:
        try:
            m = run_on_linux(case, merged=True)
        except (OSError, subprocess.SubprocessError) as e:
            return None, f"cannot run it on Linux: {e}"
        return Result(m.output, m.status, m.output, ""), None
    try:
        # At the same time: some cases sleep for a second (alarm), and that adds up.
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
            a, b, m = [f.result() for f in [pool.submit(run_on_linux, case), pool.submit(run_on_linux, case),
                                            pool.submit(run_on_linux, case, True)]]
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"cannot run it on Linux: {e}"
    if (a.stdout, a.stderr, a.status) != (b.stdout, b.stderr, b.status) or m.status != a.status \
            or not interleaves(m.output, a.stdout, a.stderr):
        return None, "it prints different things on two runs on Linux:\n" + diff(a.output, b.output)
    return Result(m.output, a.status, a.stdout, a.stderr), None


# ---- trapdoor ------------------------------------------------------------------

# Characters the module line's reader (GRUB's, today) would take as syntax, and
# the comma that separates the items of make's PROGRAMS.


def item(case):
    """The PROGRAMS item for case: "path arg arg" (trapdoor.item escapes what needs it)."""
    return trapdoor_item(case.path, *case.args)


# The kernel's report on each program, in the order the programs ran: the end
# of one (pid N), or a refusal to start it (which takes no pid). Not anchored
# to a line's start: a program's last line may lack its newline.
EVENT = re.compile(r"trapdoor: (?:pid (\d+) \(([^\n]*?)\) (exited with status \d+|killed by [^\n]+)"
                   r"|cannot run ([^\n]*?): ([^\n]*))\n")
# The kernel's lines inside a program's stretch of console: an exception report
# with its register dump, and any other line of its own.
EXCEPTION_REPORT = re.compile(r"trapdoor: pid \d+ \([^\n]*?\): #[^\n]*\n(?:  [^\n]*\n)*")
KERNEL_LINE = re.compile(r"trapdoor: [^\n]*\n")


def program_output(stretch):
    return KERNEL_LINE.sub("", EXCEPTION_REPORT.sub("", stretch))


@dataclasses.dataclass
class Ran:
    output: str = ""        # what the program wrote to fds 1 and 2
    status: str = None      # the kernel's words on its end; None: the kernel said nothing
    why: str = None         # why there is no status
    kernel: str = ""        # the kernel's own lines about it (an exception report, the end)


def run_batch(tag, batch, timeout=60):
    """Boot alive.elf and then each case of batch. Returns [Ran] in batch's
    order, qemu-run.sh's status (None: QEMU killed after timeout seconds) and
    the console."""
    status, out = boot(build_iso(f"realprogs-{tag}", [program("alive")] + [item(c) for c in batch]),
                       timeout=timeout)
    stopped = f"QEMU was stopped after {timeout} s" if status is None else f"QEMU stopped (qemu-run.sh status {status})"
    return parse_console(out, len(batch), stopped), status, out


def parse_console(out, n, stopped="QEMU stopped"):
    """[Ran] for the n programs that ran after alive, from the console text out."""
    events = list(EVENT.finditer(out))
    if not events or events[0].group(1) != "1":      # alive.elf, whatever the kernel calls it
        return [Ran(why="the kernel never reported on alive, the first program of the batch") for _ in range(n)]
    results = []
    prev = events[0].end()
    for i in range(n):
        if i + 1 >= len(events):
            stretch = out[prev:]
            results.append(Ran(program_output(stretch), None, f"{stopped} before the kernel reported on it",
                               kernel_lines(stretch)))
            prev = len(out)
            continue
        e = events[i + 1]
        stretch = out[prev:e.start()]
        kernel = kernel_lines(stretch) + e.group(0)
        if e.group(3):
            results.append(Ran(program_output(stretch), e.group(3), None, kernel))
        else:
            results.append(Ran(program_output(stretch), None, f"the kernel refused to run it: {e.group(5)}", kernel))
        prev = e.end()
    return results


def kernel_lines(stretch):
    return "".join(m.group(0) for m in re.finditer(f"{EXCEPTION_REPORT.pattern}|{KERNEL_LINE.pattern}", stretch))


# ---- Comparing -----------------------------------------------------------------

def interleaves(text, a, b):
    """Is text the characters of a and of b, each in order, interleaved?"""
    if len(text) != len(a) + len(b):
        return False
    if not b or not a:
        return text == a + b
    reach = {0}                 # how much of a can have been used after k characters
    for k, ch in enumerate(text):
        reach = {i + 1 for i in reach if i < len(a) and a[i] == ch} | \
                {i for i in reach if k - i < len(b) and b[k - i] == ch}
        if not reach:
            return False
    return True


def same_output(ran, linux, case):
    if case.exact_order:
        return ran.output == linux.output
    return interleaves(ran.output, linux.stdout, linux.stderr)


def clip(line, width=160):
    return line if len(line) <= width else line[:width] + f"... ({len(line) - width} more characters)"


def excerpt(text, n=10):
    """The last n lines of text, clipped, for a diagnostic."""
    lines = text.splitlines()
    head = [f"... ({len(lines) - n} lines before these)"] if len(lines) > n else []
    return "\n".join(head + [clip(l) for l in lines[-n:]]) if lines else "(nothing)"


def diff(want, got, limit=30):
    """How got differs from want, for a diagnostic."""
    if not got and want:
        lines = want.splitlines()
        return "\n".join([f"it printed nothing; on Linux it printed {len(lines)} line(s), beginning:"] +
                         [clip("  " + l) for l in lines[:5]])
    lines = list(difflib.unified_diff(want.splitlines(), got.splitlines(), "on Linux", "under trapdoor",
                                      n=2, lineterm=""))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more lines of diff)"]
    return "\n".join(clip(l) for l in lines) or "the same lines, but not the same text (line ends? order?)"


# ---- The command line ------------------------------------------------------------

def strace_calls(case):
    """(sorted unique system call names, Result) from strace -f, less the execve
    that starts the program."""
    if not shutil.which("strace"):
        raise SystemExit("strace not found: apt-get install strace")
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as log:
        r = run_on_linux(case, merged=True, wrapper=["strace", "-f", "-qq", "-o", log.name, "--"])
        names = set()
        for line in log.read().splitlines():
            m = re.match(r"(?:\d+ +)?([a-z_0-9]+)\(", line)
            if m:
                names.add(m.group(1))
    names.discard("execve")
    return sorted(names), r


def enosys_verdict(case, name, want):
    """Does case still print and end as on Linux when every call of name fails with ENOSYS?"""
    try:
        r = run_on_linux(case, merged=True, timeout=10,
                         wrapper=["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={name}",
                                  "-e", f"inject={name}:error=ENOSYS", "--"])
    except subprocess.TimeoutExpired:
        return f"{name}!(hangs)"
    if r.status != want.status:
        return f"{name}!({r.status})"
    if r.output != want.output:
        return f"{name}!(output)"
    return name


def main(argv):
    problems = build_all()
    for what, why in problems.items():
        if why:
            print(f"{what}: not built: {why}", file=sys.stderr)
    if argv[:1] == ["build"]:
        return 1 if any(problems.values()) else 0
    for case in cases():
        if case_problem(case, problems):
            continue
        if argv[:1] == ["host"]:
            r, why = oracle(case)
            print(f"== {case.title}: {r.status if r else why}  [{item(case)}]")
            if r:
                print(r.output, end="" if r.output.endswith("\n") or not r.output else "\n")
        elif argv[:1] == ["syscalls"]:
            names, want = strace_calls(case)
            if "--enosys" in argv:
                names = [enosys_verdict(case, n, want) if n not in ("exit", "exit_group") else n for n in names]
            print(f"{case.title}: {' '.join(names)}")
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
