# SPDX-License-Identifier: MIT
"""The ia32 system call ABI, judged by Linux 6.1: tests/compat/compat32.c calls
every ia32 call trapdoor implements with good and bad arguments through
int $0x80, and prints one line per case. It is built four ways into
build/compat/: 32-bit glibc (gcc -m32 -static and -static-pie), 32-bit musl
(i386-linux-musl-gcc -static), and 64-bit glibc (gcc -static -no-pie), a
64-bit program that makes the same int $0x80 calls with its buffers in the
image below 4 GiB and junk in the upper halves of the registers. All four
must print what Linux printed.

The machine the tests run on may not run 32-bit code or int $0x80 at all, so
Linux's output is recorded in tests/compat/linux.out (and linux-restart.out
for the run with "restart") by

    python3 tests/suites/compat.py --update

which boots Debian's linux-image-6.1.0-56-amd64 (downloaded into
build/linux-ref/ by scripts/linux-ref/measure.py) under QEMU TCG with each
build as /init, its arguments after "--" on the kernel's command line, and
refuses to write anything unless all four builds printed the same.

Under trapdoor every build runs; the 32-bit builds' "restart" run, whose
handler is 32-bit code, is skipped until the kernel builds ia32 signal frames
(it has no ia32_setup_rt_frame yet).
"""
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "lib"))
sys.path.insert(0, str(ROOT / "scripts" / "linux-ref"))

SRC = ROOT / "tests" / "compat" / "compat32.c"
OUT = ROOT / "build" / "compat"
EXPECTED = {"": ROOT / "tests" / "compat" / "linux.out",
            "restart": ROOT / "tests" / "compat" / "linux-restart.out"}
FLAVOURS = {
    "int80-64": ["gcc", "-static", "-no-pie", "-mno-red-zone"],
    "glibc-32": ["gcc", "-m32", "-static"],
    "glibc-32-pie": ["gcc", "-m32", "-static-pie", "-fPIE"],
    "musl-32": ["i386-linux-musl-gcc", "-static"],
}
BEGIN, END = "@@compat begin", "@@compat end"


def build():
    OUT.mkdir(parents=True, exist_ok=True)
    built = {}
    for name, cc in FLAVOURS.items():
        exe = OUT / f"compat32-{name}"
        if not exe.exists() or exe.stat().st_mtime < SRC.stat().st_mtime:
            subprocess.run(cc + ["-O2", "-Wall", "-Werror", "-o", str(exe), str(SRC)], check=True)
        built[name] = exe
    return built


def linux_output(exe, arg, timeout=300):
    """What exe printed as Linux 6.1's /init (with arg), between the markers the wrapper prints."""
    import measure
    import mkcpio  # noqa: F401  (run as a script below)
    vmlinuz, _, _ = measure.prepare("linux-image-6.1.0-56-amd64")
    initrd = OUT / f"{exe.name}.cpio"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "linux-ref" / "mkcpio.py"), str(initrd), str(exe)],
                   check=True)
    append = "console=ttyS0 quiet panic=-1" + (f" -- {arg}" if arg else "")
    cmd = ["qemu-system-x86_64", "-accel", "tcg", "-cpu", "qemu64", "-m", "256M", "-kernel", str(vmlinuz),
           "-initrd", str(initrd), "-append", append, "-display", "none", "-vga", "none",
           "-serial", "stdio", "-monitor", "none", "-no-reboot"]
    out = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         timeout=timeout).stdout.decode(errors="replace").replace("\r\n", "\n")
    lines = out.splitlines(keepends=True)
    start = next((i for i, l in enumerate(lines) if l.startswith("compat32")), None)
    end = next((i for i, l in enumerate(lines) if "Kernel panic" in l or "---[ end" in l), len(lines))
    if start is None:
        raise SystemExit(f"{exe.name}: no output from Linux:\n{out[-3000:]}")
    return "".join(l for l in lines[start:end] if not l.startswith("[")), out


def update():
    exes = build()
    for arg, path in EXPECTED.items():
        outs = {name: linux_output(exe, arg)[0] for name, exe in exes.items()}
        first = outs["glibc-32"]
        differ = [n for n, o in outs.items() if o != first]
        if differ:
            for n in differ:
                print(f"--- glibc-32 vs {n} ({arg or 'no argument'}):", file=sys.stderr)
                import difflib
                sys.stderr.writelines(difflib.unified_diff(first.splitlines(True), outs[n].splitlines(True)))
            raise SystemExit("the builds printed different things on Linux: nothing written")
        if arg == "" and not first.rstrip().endswith("done"):
            raise SystemExit(f"the run did not reach its end:\n{first[-2000:]}")
        path.write_text(first)
        print(f"wrote {path.relative_to(ROOT)} ({len(first.splitlines())} lines)")


def run(t):
    import difflib
    import realprogs_harness as rp
    from trapdoor import item

    exes = build()
    cases = [(name, arg) for name in exes for arg in EXPECTED]
    items = [item(exes[name].relative_to(ROOT), *([arg] if arg else [])) for name, arg in cases]
    from trapdoor import boot, build_iso, program
    status, out = boot(build_iso("compat", [program("alive")] + items), timeout=90)
    ran = rp.parse_console(out, len(cases))
    from trapdoor import symbol
    try:
        ia32_frames = symbol("ia32_setup_rt_frame") is not None
    except KeyError:
        ia32_frames = False
    for (name, arg), r in zip(cases, ran):
        what = f"compat32 ({name}{', ' + arg if arg else ''})"
        want = EXPECTED[arg].read_text()
        if r.why and "refused" in r.why and name != "int80-64":
            t.skip(what, f"the kernel does not load 32-bit programs ({r.why})")
            continue
        if arg == "restart" and name != "int80-64" and not ia32_frames:
            t.skip(what, "a 32-bit program's handler needs the ia32 signal frame (ia32_setup_rt_frame), "
                   "which the kernel does not build yet")
            continue
        diff = "".join(difflib.unified_diff(want.splitlines(True), r.output.splitlines(True), "Linux 6.1", "trapdoor"))
        t.ok(r.output == want and r.status == "exited with status 0",
             f"{what}: prints what Linux 6.1 printed, line for line, and exits with status 0",
             diff[:6000] + f"\n{r.status or r.why}\n{r.kernel}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        raise SystemExit("usage: python3 tests/suites/compat.py --update   (the test itself: tests/run_tests.py compat)")
