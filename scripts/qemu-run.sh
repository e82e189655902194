#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: qemu-run.sh ISO [QEMU FLAGS...]
# Boot ISO under QEMU with the serial console on stdin/stdout and no window,
# and exit with what the kernel reported (kernel/power.c):
#   0  every program exited with status 0
#   1  a program failed, was killed, or could not run
#   2  the kernel panicked
#   3  QEMU stopped without the kernel saying (a triple fault, or QEMU itself failed)
# ACCEL=kvm uses KVM where it works; the default is TCG (pure emulation).
# The machine itself is scripts/qemu-machine.sh, shared with scripts/debug.sh.
# In a terminal, Ctrl-A X quits QEMU.
iso=$1
shift

sh "$(dirname "$0")/qemu-machine.sh" "$iso" -serial mon:stdio "$@"
status=$?
case $status in				# kernel/power.c: (code << 1) | 1
33) exit 0 ;;
35) exit 1 ;;
37) exit 2 ;;
*) echo "qemu-run.sh: QEMU exited with $status without the kernel's word (a QEMU error? a triple fault?)" >&2
   exit 3 ;;
esac
