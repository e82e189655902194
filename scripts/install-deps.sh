#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: install-deps.sh [test|bench]
# Make sure the tools trapdoor builds and runs with are here. On Debian or
# Ubuntu, install the missing ones with apt-get (as root, or through sudo);
# otherwise say exactly what to install. Called by make before the first build,
# and with "test" by make test, which also needs what the real-programs suite
# (tests/suites/realprogs.py) builds and runs: musl-gcc, a static busybox and
# Linux's source, from which it builds one of Linux's own selftests; and
# strace, which the tracer's suite (tests/suites/trace.py) compares with; and
# the i386 compilers of the 32-bit suite (tests/suites/realprogs32.py): gcc -m32
# (gcc-12-multilib, libc6-dev-i386) and musl's i386-linux-musl-gcc (musl-dev:i386).
# Not gcc-multilib: Debian does not let it be installed beside gcc-i686-linux-gnu,
# which musl-dev:i386 needs. Linux's
# source is big (139 MB to download, 136 MB installed), so only make test asks
# for it. make bench asks with "bench" for musl-gcc, libc.a and busybox: it
# runs a musl hello, a glibc hello and busybox (scripts/progwalk.py), and a
# 32-bit getpid loop that needs the 32-bit libgcc (gcc-12-multilib).
set -e

# command : Debian package that provides it
need="nasm:nasm
qemu-system-x86_64:qemu-system-x86
grub-mkrescue:grub-common
xorriso:xorriso
mformat:mtools
gdb:gdb
python3:python3"
# file : Debian package that provides it
need_files=""

if [ "$1" = test ] || [ "$1" = bench ]; then
	need="$need
musl-gcc:musl-tools
readelf:binutils"
	need_files="/usr/lib/x86_64-linux-gnu/libc.a:libc6-dev
/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a:gcc-12-multilib"
fi
if [ "$1" = test ]; then
	need="$need
strace:strace
i386-linux-musl-gcc:musl-dev:i386"
	need_files="$need_files
/usr/src/linux-source-6.1.tar.xz:linux-source-6.1
/usr/lib32/libc.a:libc6-dev-i386"
fi

missing=""
for pair in $need; do
	cmd=${pair%%:*} pkg=${pair#*:}	# a package may name its architecture: musl-dev:i386
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done
for pair in $need_files; do
	file=${pair%%:*} pkg=${pair#*:}
	[ -e "$file" ] || missing="$missing $pkg"
done
# grub-mkrescue makes a BIOS-bootable image only with grub-pc-bin's modules.
[ -d /usr/lib/grub/i386-pc ] || missing="$missing grub-pc-bin"
# The tests run /bin/busybox under trapdoor, so it must be the static one
# (Debian's plain busybox package has a dynamic one at the same path).
if { [ "$1" = test ] || [ "$1" = bench ]; } && { [ ! -x /bin/busybox ] ||
	readelf -l /bin/busybox 2>/dev/null | grep -q 'program interpreter'; }; then
	missing="$missing busybox-static"
fi

[ -z "$missing" ] && exit 0

echo "trapdoor needs:$missing"
cmd="apt-get install -y --no-install-recommends$missing"
if ! command -v apt-get >/dev/null 2>&1; then
	echo "Install the equivalent packages with your system's package manager, then run make again."
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "Run this, then make again:"
	case "$missing" in *:i386*) echo "  sudo dpkg --add-architecture i386" ;; esac
	echo "  sudo apt-get update && sudo $cmd"
	exit 1
fi
# musl-dev:i386 (i386-linux-musl-gcc, for the 32-bit tests) needs dpkg to know
# the i386 architecture before apt-get update; adding it again changes nothing.
arch=""
case "$missing" in
*:i386*) dpkg --print-foreign-architectures | grep -qx i386 || arch="dpkg --add-architecture i386" ;;
esac
echo "Installing them: ${arch:+$sudo $arch && }$sudo apt-get update && $sudo $cmd"
[ -z "$arch" ] || $sudo $arch
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo $cmd
