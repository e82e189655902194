#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: qemu-machine.sh ISO [QEMU FLAGS...]
# The machine trapdoor runs on, defined once: become QEMU booting ISO from a
# CD-ROM, with one CPU, 128 MiB, no window, no reboot on a triple fault, and
# the isa-debug-exit port through which kernel/power.c reports how it ended.
# The caller chooses the console (e.g. -serial mon:stdio) and adds its flags:
#   scripts/qemu-run.sh   runs the machine and maps its exit status
#   scripts/debug.sh      starts it paused, with a GDB stub
# ACCEL=kvm uses KVM where it works; the default is TCG (pure emulation).
# QEMU replaces this shell (exec), so its pid and exit status are QEMU's own.
iso=$1
shift
accel=${ACCEL:-tcg}
cpu=max
[ "$accel" = kvm ] && cpu=host

exec qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -m 128M -smp 1 \
	-display none -vga none -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-cdrom "$iso" -boot d "$@"
