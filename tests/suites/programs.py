# SPDX-License-Identifier: MIT
"""Programs in ring 3: init's TAP (every system call through both entries and
the register contract), programs that must be killed (each followed by one
that must still run), and ELF files the kernel must refuse with a reason."""
import os
import re
import struct
import subprocess

from trapdoor import ALL_PASSED, BUILD, ROOT, SOME_FAILED, USER, boot, build_iso, item, program, tail, tap


def no_leak(t, out, what):
    m = re.search(r"^trapdoor: (\d+) pages free at the end, (\d+) before the first program$", out, re.M)
    t.ok(m and m.group(1) == m.group(2), f"after {what}, every page the programs used is free again",
         m.group(0) if m else tail(out))


def test_init(t):
    status, out = boot(build_iso("init", [program("init", "stdin")]), stdin=b"hello\nZ\n",
                       send_after="init: testing")
    lines = tap(out)
    for passed, _, desc in lines:
        t.ok(passed, f"init: {desc}", "\n".join(l for l in out.splitlines() if desc in l or l.startswith("#")))
    plan = re.search(r"^1\.\.(\d+)$", out, re.M)
    t.ok(plan and int(plan.group(1)) == len(lines) >= 70, f"init ran all its checks ({len(lines)})", tail(out))
    t.ok("pid 1 (init) exited with status 0" in out and status == ALL_PASSED,
         "init exits with status 0 and the kernel powers off with success", tail(out))


# kind, signal, exception report (regex, after "trapdoor: pid N (fault): ")
FAULTS = [
    ("null-store", "SIGSEGV", r"#PF Page Fault .*\n  CR2: 0000000000000000 \(not-present page, write, user mode\)"),
    ("kernel-read", "SIGSEGV", r"#PF Page Fault .*\n  CR2: ffff800000100000 \(protection violation, read, user mode\)"),
    ("kernel-jump", "SIGSEGV",
     r"#PF Page Fault .* at RIP ffff800000100000.*\n  CR2: ffff800000100000 \(protection violation, instruction fetch, user mode\)"),
    ("noncanonical-read", "SIGSEGV", r"#GP General Protection"),
    ("hlt", "SIGSEGV", r"#GP General Protection"),
    ("cli", "SIGSEGV", r"#GP General Protection"),
    ("out", "SIGSEGV", r"#GP General Protection"),
    ("wrmsr", "SIGSEGV", r"#GP General Protection"),
    ("ud2", "SIGILL", r"#UD Invalid Opcode"),
    # int3 reaches #BP, whose gate is DPL 3 as on Linux: a breakpoint, SIGTRAP
    ("int3", "SIGTRAP", r"#BP Breakpoint"),
    # "int N" through a DPL 0 gate: #GP whose error code names the IDT entry: vector * 8 + 2
    # on hardware, vector * 16 + 2 under QEMU TCG (it counts 16-byte entries).
    ("int-df", "SIGSEGV", r"#GP General Protection .* error code 0x(42|82)\n"),  # no faking a double fault
    ("div0", "SIGFPE", r"#DE Divide Error"),
    ("exec-stack", "SIGSEGV", r"#PF Page Fault .*\n  CR2: 00007fff[0-9a-f]{8} \(protection violation, instruction fetch"),
    # an LDT selector with no LDT: #GP naming the selector (index 0, TI=1), not a kernel #PF at 0
    ("ldt-selector", "SIGSEGV", r"#GP General Protection .* error code 0x4\n"),
]


def test_faults(t):
    progs = []
    for kind, _, _ in FAULTS:
        progs += [program("fault", kind), program("alive")]
    status, out = boot(build_iso("faults", progs), timeout=90)
    for i, (kind, sig, report) in enumerate(FAULTS):
        pid = 2 * i + 1
        m = re.search(rf"^fault: {kind}\ntrapdoor: pid {pid} \(fault\): (.*\n.*)", out, re.M)
        t.ok(m and re.search(report, m.group(0)), f"fault {kind}: the report names the fault",
             m.group(0) if m else tail(out))
        t.ok(f"trapdoor: pid {pid} (fault) killed by {sig}\n" in out, f"fault {kind}: killed by {sig}", tail(out))
        t.ok(f"trapdoor: pid {pid + 1} (alive) exited with status 0" in out,
             f"fault {kind}: the next program still runs", tail(out))
    t.ok(status == SOME_FAILED, "with killed programs, QEMU exits with the some-failed status", f"status {status}")
    no_leak(t, out, f"{len(FAULTS)} killed programs and {len(FAULTS)} that exited")


def test_clean_start(t):
    """A program that dirtied the FPU, SSE, AVX and segment state hands none of it on."""
    for cpu in ("max", "Haswell-noTSX-IBRS"):
        status, out = boot(build_iso("fpustate", [program("fpustate", "dirty"), program("fpustate", "check")]),
                           qemu_flags=["-cpu", cpu])
        lines = [l for l in out.splitlines() if re.match(r"(not )?ok \d+ - fpustate: ", l)]
        t.ok("fpustate: state dirtied (with AVX)" in out, f"-cpu {cpu}: the first program dirtied every register, "
             "AVX's too", tail(out))
        t.ok(len(lines) >= 9 and all(l.startswith("ok") for l in lines),
             f"-cpu {cpu}: the next program starts with Linux's initial FPU, SSE, AVX and segment state",
             "\n".join(lines) or tail(out))
        t.ok(status == ALL_PASSED, f"-cpu {cpu}: both exit with status 0", f"status {status}\n{tail(out)}")


def test_many_programs(t):
    """No limit on the number of programs, and none that did not run counts as passed."""
    status, out = boot(build_iso("many", [program("alive")] * 40), timeout=90)
    t.ok("pid 40 (alive) exited with status 0" in out and "all 40 programs exited with status 0" in out
         and status == ALL_PASSED, "40 programs all run, and the run says so", tail(out))
    progs = [program("alive")] * 39 + [program("fault", "ud2")]
    status, out = boot(build_iso("many-last-fails", progs), timeout=90)
    t.ok("pid 40 (fault) killed by SIGILL" in out and "1 of 40 programs failed" in out and status == SOME_FAILED,
         "with 40 programs, a failure in the 40th fails the run", tail(out))


# (what a user types after PROGRAMS=, the argv the program must see)
ARGV_CASES = [
    ("build/user/argv.elf", ["build/user/argv.elf"]),
    ("build/user/argv.elf sh -c echo\\ $((1+2))", ["build/user/argv.elf", "sh", "-c", "echo $((1+2))"]),
    ("build/user/argv.elf a;b 'q' \"dq\" (p) $HOME `x` a\\,b c\\\\d %s\\n",
     ["build/user/argv.elf", "a;b", "'q'", '"dq"', "(p)", "$HOME", "`x`", "a,b", "c\\d", "%s\\n"]),
    ("  build/user/argv.elf   spaced    out", ["build/user/argv.elf", "spaced", "out"]),
    ("build/user/argv.elf -s , 1 %s,%s", ["build/user/argv.elf", "-s", ",", "1", "%s,%s"]),
]


def test_make_run_arguments(t):
    """PROGRAMS, as a user types it for make run, reaches each program's argv intact:
    every case is one item of one list, so the items' separation is checked too."""
    typed = ", ".join(case for case, _ in ARGV_CASES) + ", /bin/busybox seq -s , 1 5"
    p = subprocess.run(["make", "-s", "run", f"PROGRAMS={typed}"], cwd=ROOT, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
                       env=dict(os.environ, ACCEL="tcg"))
    out = p.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    runs = re.split(r"^trapdoor: pid \d+ \(argv\) exited with status \d+$", out, flags=re.M)
    for i, (case, want) in enumerate(ARGV_CASES):
        got = re.findall(r"^argv\[\d+\] = \[(.*)\]$", runs[i], re.M) if i < len(runs) else None
        t.ok(got == want, f"make run PROGRAMS=\"...{case}...\": program {i + 1} sees argv {want}",
             f"got {got}\n{tail(out)}")
        t.ok(f"pid {i + 1} (argv) exited with status {len(want)}" in out,
             f"make run PROGRAMS=\"...{case}...\": program {i + 1} ran as pid {i + 1}", tail(out))
    n = len(ARGV_CASES) + 1
    t.ok(re.search(rf"^1,2,3,4,5\ntrapdoor: pid {n} \(busybox\) exited with status 0$", out, re.M),
         "make run PROGRAMS=\"/bin/busybox seq -s , 1 5\" prints 1,2,3,4,5 and exits 0", tail(out))


FUZZ_SEEDS, FUZZ_CALLS = 24, 5000


def test_fuzz(t):
    """Random system calls with hostile arguments through both entries: the programs may
    destroy themselves; the kernel must not fault, leak, or stop running programs."""
    progs = [program("fuzz", str(seed), str(FUZZ_CALLS)) for seed in range(1, FUZZ_SEEDS + 1)] + [program("alive")]
    status, out = boot(build_iso("fuzz", progs), timeout=120)
    ended = re.findall(r"^trapdoor: pid (\d+) \(fuzz\) (exited with status 0|killed by SIG\w+)$", out, re.M)
    t.ok(status != 2 and "kernel exception" not in out and "panic" not in out,
         f"{FUZZ_SEEDS * FUZZ_CALLS} random system calls never fault the kernel", tail(out))
    t.ok([int(pid) for pid, _ in ended] == list(range(1, FUZZ_SEEDS + 1)),
         f"each of the {FUZZ_SEEDS} fuzzing programs ends, by exit or by a signal of its own making",
         tail(out))
    t.ok(f"pid {FUZZ_SEEDS + 1} (alive) exited with status 0" in out, "after the fuzzing, a program still runs",
         tail(out))
    no_leak(t, out, "the fuzzing")


def read_elf(path):
    return bytearray(path.read_bytes())


def phdrs(elf):
    phoff, = struct.unpack_from("<Q", elf, 32)
    phnum, = struct.unpack_from("<H", elf, 56)
    return [phoff + 56 * i for i in range(phnum)]


def load_phdrs(elf):
    return [off for off in phdrs(elf) if struct.unpack_from("<I", elf, off)[0] == 1]


def set_q(elf, off, val):
    struct.pack_into("<Q", elf, off, val)
    return elf


def mutate(fn):
    """fn edits the ELF in place, or returns a new bytearray."""
    elf = read_elf(USER / "alive.elf")
    new = fn(elf)
    return new if isinstance(new, bytearray) else elf


def text_segment(elf):
    return [o for o in load_phdrs(elf) if struct.unpack_from("<I", elf, o + 4)[0] & 1][0]


BAD_ELFS = [
    ("empty", lambda e: bytearray(), "truncated ELF header"),
    ("truncated", lambda e: e[:40], "truncated ELF header"),
    ("bad-magic", lambda e: e.__setitem__(slice(0, 4), b"\x7fELG"), "not an ELF file (bad magic)"),
    ("bad-class", lambda e: e.__setitem__(4, 3), "not a 64-bit or 32-bit ELF file (bad class)"),
    # an ELF-32 header saying x86-64 is Linux's x32 ABI, which trapdoor does not run
    ("x32", lambda e: e.__setitem__(4, 1), "an x32 program: the x32 ABI is not supported"),
    ("big-endian", lambda e: e.__setitem__(5, 2), "not a little-endian ELF file"),
    ("wrong-machine", lambda e: struct.pack_into("<H", e, 18, 3), "not an x86-64 program (wrong machine)"),
    ("relocatable", lambda e: struct.pack_into("<H", e, 16, 1), "not an executable (wrong ELF type)"),
    ("no-phdrs", lambda e: struct.pack_into("<H", e, 56, 0), "bad program header count or size"),
    ("phdrs-outside", lambda e: set_q(e, 32, len(e) - 8), "program headers lie outside the file"),
    ("phoff-wraps", lambda e: set_q(e, 32, 2**64 - 8), "program headers lie outside the file"),
    ("offset-wraps", lambda e: set_q(e, load_phdrs(e)[0] + 8, 2**64 - 16), "segment lies outside the file"),
    ("filesz-past-end", lambda e: (set_q(e, load_phdrs(e)[-1] + 32, len(e)), set_q(e, load_phdrs(e)[-1] + 40, len(e))),
     "segment lies outside the file"),
    ("kernel-segment", lambda e: set_q(e, load_phdrs(e)[0] + 16, 0xffffffff80000000), "segment lies outside user space"),
    ("null-segment", lambda e: set_q(e, load_phdrs(e)[0] + 16, 0), "segment lies outside user space"),
    ("into-stack", lambda e: set_q(e, load_phdrs(e)[-1] + 16, 0x7ffffffff000 - 0x1000), "segment lies outside user space"),
    ("past-user-space", lambda e: (set_q(e, load_phdrs(e)[-1] + 16, 0x7fffffff0000),
                                   set_q(e, load_phdrs(e)[-1] + 40, 0x20000)), "segment lies outside user space"),
    ("vaddr-wraps", lambda e: (set_q(e, load_phdrs(e)[-1] + 16, 2**64 - 0x1000),
                               set_q(e, load_phdrs(e)[-1] + 40, 0x2000)), "segment lies outside user space"),
    ("huge-segment", lambda e: set_q(e, load_phdrs(e)[-1] + 40, 1 << 40), "segment is absurdly large"),
    ("filesz-gt-memsz", lambda e: set_q(e, load_phdrs(e)[-1] + 40, 0), "segment's file size exceeds its memory size"),
    ("overlap", lambda e: set_q(e, load_phdrs(e)[-1] + 16, struct.unpack_from("<Q", e, text_segment(e) + 16)[0]),
     "segments overlap"),
    # two 63 MiB segments, each under the size limit, together more than the machine's free RAM
    ("exhausts-memory", lambda e: (set_q(e, load_phdrs(e)[-1] + 40, 63 << 20),
                                   set_q(e, load_phdrs(e)[-2] + 16, 0x10000000),
                                   set_q(e, load_phdrs(e)[-2] + 40, 63 << 20)), "out of memory"),
    ("bad-entry", lambda e: set_q(e, 24, 0x10), "entry point is not in an executable segment"),
    ("entry-in-data", lambda e: set_q(e, 24, struct.unpack_from("<Q", e, load_phdrs(e)[-1] + 16)[0]),
     "entry point is not in an executable segment"),
    ("dynamic", lambda e: struct.pack_into("<I", e, [o for o in phdrs(e) if o not in load_phdrs(e)][0], 3),
     "needs a dynamic loader (PT_INTERP)"),
]


# The same checks for ELF-32 (i386) files: copies of alive32 (user/ia32/alive32.asm)
# with one thing wrong each. Offsets: e_entry 24, e_phoff 28, e_phentsize 42, e_phnum 44;
# a program header is 32 bytes: p_offset 4, p_vaddr 8, p_filesz 16, p_memsz 20, p_flags 24.
def phdrs32(elf):
    phoff, = struct.unpack_from("<I", elf, 28)
    phnum, = struct.unpack_from("<H", elf, 44)
    return [phoff + 32 * i for i in range(phnum)]


def load_phdrs32(elf):
    return [off for off in phdrs32(elf) if struct.unpack_from("<I", elf, off)[0] == 1]


def set_i(elf, off, val):
    struct.pack_into("<I", elf, off, val)
    return elf


def mutate32(fn):
    elf = read_elf(USER / "ia32" / "alive32.elf")
    new = fn(elf)
    return new if isinstance(new, bytearray) else elf


BAD_ELFS32 = [
    ("truncated32", lambda e: e[:40], "truncated ELF header"),
    ("arm32", lambda e: struct.pack_into("<H", e, 18, 40), "not an i386 program (wrong machine)"),
    ("relocatable32", lambda e: struct.pack_into("<H", e, 16, 1), "not an executable (wrong ELF type)"),
    ("phentsize32", lambda e: struct.pack_into("<H", e, 42, 56), "bad program header count or size"),
    ("phdrs-outside32", lambda e: set_i(e, 28, len(e) - 8), "program headers lie outside the file"),
    ("off-outside32", lambda e: set_i(e, load_phdrs32(e)[0] + 4, 0xfffffff0), "segment lies outside the file"),
    ("null-segment32", lambda e: set_i(e, load_phdrs32(e)[0] + 8, 0), "segment lies outside user space"),
    # a 32-bit program's segments end below its mmap base, 0xf7ffe000, under 4 GiB
    ("high-segment32", lambda e: set_i(e, load_phdrs32(e)[-1] + 8, 0xf8000000), "segment lies outside user space"),
    ("wraps32", lambda e: (set_i(e, load_phdrs32(e)[-1] + 8, 0xfffff000), set_i(e, load_phdrs32(e)[-1] + 20, 0x2000)),
     "segment lies outside user space"),
    ("filesz-gt32", lambda e: set_i(e, load_phdrs32(e)[-1] + 20, 0), "segment's file size exceeds its memory size"),
    ("bad-entry32", lambda e: set_i(e, 24, 0x10), "entry point is not in an executable segment"),
    ("dynamic32", lambda e: set_i(e, [o for o in phdrs32(e) if o not in load_phdrs32(e)][0]
                                  if [o for o in phdrs32(e) if o not in load_phdrs32(e)] else load_phdrs32(e)[0], 3),
     "needs a dynamic loader (PT_INTERP)"),
]


def static_pie(elf):
    """alive.elf as a static-PIE: ET_DYN, linked at 0. The kernel loads such a file at
    0x400000, so this (non-PIC) code runs only if the loader adds that base everywhere."""
    struct.pack_into("<H", elf, 16, 3)
    set_q(elf, 24, struct.unpack_from("<Q", elf, 24)[0] - 0x400000)
    for off in load_phdrs(elf):
        vaddr = struct.unpack_from("<Q", elf, off + 16)[0] - 0x400000
        set_q(elf, off + 16, vaddr)
        set_q(elf, off + 24, vaddr)     # p_paddr: unused, kept equal


def test_bad_elfs(t):
    d = BUILD / "tests" / "badelf"
    d.mkdir(parents=True, exist_ok=True)
    progs = []
    for name, fn, _ in BAD_ELFS + [("pie", static_pie, None)]:
        path = d / f"{name}.elf"
        path.write_bytes(mutate(fn))
        progs.append(str(path))
    for name, fn, _ in BAD_ELFS32:
        path = d / f"{name}.elf"
        path.write_bytes(mutate32(fn))
        progs.append(str(path))
    progs.append(str(USER / "ia32" / "alive32.elf"))
    progs.append(item(str(USER / "ia32" / "tls32.elf"), "set"))
    progs.append(item(str(USER / "ia32" / "tls32.elf"), "check"))
    progs.append(program("alive"))
    status, out = boot(build_iso("badelf", progs), timeout=60)
    t.ok("pid 1 (pie) exited with status 0" in out, "a static-PIE file (ET_DYN, no PT_INTERP) runs", tail(out))
    for name, _, reason in BAD_ELFS:
        t.ok(f"trapdoor: cannot run {name}: {reason}" in out, f"a bad ELF ({name}) is refused: {reason}",
             "\n".join(l for l in out.splitlines() if name in l) or tail(out))
    for name, _, reason in BAD_ELFS32:
        t.ok(f"trapdoor: cannot run {name}: {reason}" in out, f"a bad ELF-32 file ({name}) is refused: {reason}",
             "\n".join(l for l in out.splitlines() if name in l) or tail(out))
    t.ok("alive32: a 32-bit program ran" in out and "pid 2 (alive32) exited with status 0" in out,
         "a good ELF-32 program runs after the bad ones, in compatibility mode", tail(out))
    t.ok("pid 3 (tls32) exited with status 0" in out, "a 32-bit program takes a TLS slot (set_thread_area) and loads it",
         tail(out))
    t.ok("pid 4 (tls32) exited with status 0" in out,
         "the next 32-bit program starts clean: GS and FS null, DS and ES 0x2b, the three TLS slots empty in the GDT too",
         "\n".join(l for l in out.splitlines() if "tls32" in l) + "\n(status 1..8: user/ia32/tls32.asm says which check)")
    t.ok("pid 5 (alive) exited with status 0" in out, "refused files take no pid: the good programs are pids 2 to 5",
         tail(out))
    t.ok(status == SOME_FAILED, "refused programs make QEMU exit with the some-failed status", f"status {status}")
    no_leak(t, out, "refused files, some of them partly loaded")


def run(t):
    test_init(t)
    test_clean_start(t)
    test_many_programs(t)
    test_make_run_arguments(t)
    test_fuzz(t)
    test_faults(t)
    test_bad_elfs(t)
