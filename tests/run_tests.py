#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make test: run every suite in tests/suites/, print one line per check,
and end with "N passed, N failed". Exits 1 if anything failed.

A suite is a file tests/suites/NAME.py with a function run(t); it reports
each check with t.ok(condition, "a name that reads as a sentence", diag), or
t.skip(name, why) for one that cannot run yet (a "# skip" line, not a pass).
Suites run two at a time (QEMU boots dominate); their lines are printed
suite by suite, in file-name order, so the output is the same every run.

  python3 tests/run_tests.py [SUITE...]     e.g.  tests/run_tests.py traps
"""
import concurrent.futures
import importlib.util
import pathlib
import sys
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "lib"))


class Reporter:
    """Collects one suite's results."""

    def __init__(self, suite):
        self.suite = suite
        self.results = []       # (passed, name, diagnostic lines)

    def skip(self, name, why):
        """A check that cannot run here yet: printed as a comment with why, neither passed nor failed."""
        self.results.append((None, name, str(why).splitlines()))

    def ok(self, cond, name, diag=None):
        self.results.append((bool(cond), name, [] if cond or not diag else str(diag).splitlines()))
        return bool(cond)


# The slowest suites, slowest first (their times on two cores, a fresh build: about 60, 35, 20 s).
LONGEST_FIRST = ["realprogs", "realprogs32", "experiments", "adding_syscall", "qemu_run", "programs", "walk", "signals",
                 "trace", "gdb"]


def load(path):
    spec = importlib.util.spec_from_file_location("suite_" + path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_suite(path):
    t = Reporter(path.stem)
    start = time.monotonic()
    try:
        load(path).run(t)
    except Exception:  # a crashed suite is a failure, never a silent pass
        t.ok(False, f"{path.stem}: the suite ran to its end", traceback.format_exc())
    return t, time.monotonic() - start


def main(argv):
    paths = sorted((ROOT / "tests" / "suites").glob("*.py"))
    if argv:
        paths = [p for p in paths if p.stem in argv]
    passed = failed = skipped = 0
    # The longest suites start first, so that the two workers finish together;
    # the results are still printed in file-name order.
    first = {name: i for i, name in enumerate(LONGEST_FIRST)}
    started = sorted(paths, key=lambda p: first.get(p.stem, len(first)))
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {p: pool.submit(run_suite, p) for p in started}
        for t, seconds in (futures[p].result() for p in paths):
            print(f"# {t.suite} ({seconds:.1f} s)")
            for cond, name, diag in t.results:
                if cond is None:
                    print(f"# skip - {t.suite}: {name}: {diag[0] if diag else ''}")
                    for line in diag[1:]:
                        print(f"#   {line}")
                    skipped += 1
                    continue
                n = passed + failed + 1
                print(f"{'ok' if cond else 'not ok'} {n} - {t.suite}: {name}")
                for line in diag:
                    print(f"#   {line}")
                passed += cond
                failed += not cond
            if not any(cond is not None for cond, _, _ in t.results):
                print(f"not ok {passed + failed + 1} - {t.suite}: the suite ran at least one check")
                failed += 1
            sys.stdout.flush()
    if skipped:
        print(f"# {skipped} skipped: checks that cannot run here yet, each with its reason above")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
