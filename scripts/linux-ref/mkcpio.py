#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""mkcpio.py OUT INIT [NAME=FILE ...]: a newc initramfs with /init = INIT,
/dev/console, /dev/ttyS1 and an empty /proc, and each FILE at /NAME (its
directories made as needed; FILE keeps its permission bits),
written directly so that neither cpio(1) nor root (for mknod) is needed."""
import os
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


def main(out, init, *extra):
    with open(init, "rb") as f:
        data = f.read()
    blob = (entry(1, "dev", S_IFDIR | 0o755)
            + entry(2, "dev/console", S_IFCHR | 0o600, rdev=(5, 1))
            + entry(3, "dev/ttyS1", S_IFCHR | 0o600, rdev=(4, 65))
            + entry(4, "proc", S_IFDIR | 0o555)
            + entry(5, "init", S_IFREG | 0o755, data))
    ino, dirs = 6, {"dev", "proc"}
    for spec in extra:
        name, path = spec.split("=", 1)
        name = name.strip("/")
        parts = name.split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.add(d)
                blob += entry(ino, d, S_IFDIR | 0o755)
                ino += 1
        with open(path, "rb") as f:
            blob += entry(ino, name, S_IFREG | (os.stat(path).st_mode & 0o777), f.read())
        ino += 1
    blob += entry(ino, "TRAILER!!!", 0)
    blob += b"\0" * (-len(blob) % 512)
    with open(out, "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main(*sys.argv[1:])
