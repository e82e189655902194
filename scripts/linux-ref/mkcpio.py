#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkcpio.py OUT INIT: a newc initramfs with /init = INIT, /dev/console,
/dev/ttyS1 and an empty /proc,
written directly so that neither cpio(1) nor root (for mknod) is needed."""
import sys

S_IFDIR, S_IFREG, S_IFCHR = 0o040000, 0o100000, 0o020000


def entry(ino, name, mode, data=b"", rdev=(0, 0)):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0]
    head = b"070701" + b"".join(b"%08X" % f for f in fields)
    out = head + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def main(out, init):
    with open(init, "rb") as f:
        data = f.read()
    blob = (entry(1, "dev", S_IFDIR | 0o755)
            + entry(2, "dev/console", S_IFCHR | 0o600, rdev=(5, 1))
            + entry(3, "dev/ttyS1", S_IFCHR | 0o600, rdev=(4, 65))
            + entry(4, "proc", S_IFDIR | 0o555)
            + entry(5, "init", S_IFREG | 0o755, data)
            + entry(6, "TRAILER!!!", 0))
    blob += b"\0" * (-len(blob) % 512)
    with open(out, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main(*sys.argv[1:])
