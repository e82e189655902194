#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: qemu-run.sh ISO [QEMU FLAGS...]
# Boot ISO under QEMU with the serial console on stdin/stdout and no window,
# and exit with how the run ended:
#   0  every program exited with status 0          } the kernel said so, through
#   1  a program failed, was killed, or could not run } isa-debug-exit
#   2  the kernel panicked                          } (kernel/power.c)
#   3  the run ended without the kernel's word: the machine reset (a triple
#      fault), or QEMU failed (a bad option, say) or crashed
#   4  you stopped QEMU first: Ctrl-A X, the monitor's quit, or a signal
# Its last line, on stderr, gives the status and what it means.
#
# QEMU alone cannot say which: it exits 0 after a triple fault (-no-reboot),
# after Ctrl-A X and after SIGTERM alike. So QEMU logs, to a file of ours,
# resets ("-d cpu_reset": a "Triple fault" line) and its shutdown requests
# ("-trace qemu_system_shutdown_request": reason=2 is a quit), and its stderr
# ("terminating on signal 15") is kept as well as shown. A -d of yours gets
# cpu_reset added; QEMU then logs where you said (-D FILE, or stderr) and
# that is where we look.
# A SIGINT, SIGTERM or SIGHUP sent to this script is passed on to QEMU.
#
# ACCEL=kvm uses KVM where it works; the default is TCG (pure emulation).
# The machine itself is scripts/qemu-machine.sh, shared with scripts/debug.sh.
# In a terminal, Ctrl-A X quits QEMU.
iso=$1
shift

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qemu-run.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

# The caller's flags, with cpu_reset added to a -d of theirs; note their -D.
# QEMU logs to -D's file, or to stderr if there is a -d but no -D.
their_d='' their_log=''
prev=
first=1
for arg do
	[ "$first" ] && set -- && first=
	case $prev in
	-d|--d) arg=$arg,cpu_reset their_d=1 ;;
	-D|--D) their_log=$arg ;;
	esac
	set -- "$@" "$arg"
	prev=$arg
done
log=${their_log:-$tmp/qemu.log}
[ "$their_d" ] || set -- -d cpu_reset "$@"
[ "$their_d" ] || [ "$their_log" ] || set -- -D "$log" "$@"
rm -f "$log"			# a stale log of the caller's must not speak for this run

# QEMU's stderr goes to yours as it comes, through tee, which keeps a copy
# and ignores the signals meant for QEMU.
mkfifo "$tmp/stderr" || exit 3
(trap '' INT TERM HUP; exec tee "$tmp/stderr.txt" <"$tmp/stderr" >&2) &
tee=$!

# QEMU runs in the background so that this script can pass signals on; an
# asynchronous command's stdin would be /dev/null, so it gets ours as fd 3.
signal='' qemu=''
trap 'signal=1; [ "$qemu" ] && kill -TERM "$qemu" 2>/dev/null' INT TERM HUP
exec 3<&0
sh "$(dirname "$0")/qemu-machine.sh" "$iso" -serial mon:stdio \
	-trace qemu_system_shutdown_request "$@" <&3 3<&- 2>"$tmp/stderr" &
qemu=$!
exec 3<&-
[ "$signal" ] && kill -TERM "$qemu" 2>/dev/null
while :; do
	wait "$qemu"
	status=$?
	kill -0 "$qemu" 2>/dev/null || break	# else a signal interrupted wait: QEMU is still ending
done
wait "$tee"
trap - INT TERM HUP

said() {
	echo "qemu-run.sh: status $1: $2" >&2
	exit "$1"
}
case $status in			# kernel/power.c: (code << 1) | 1
33) said 0 "every program exited with status 0" ;;
35) said 1 "a program failed, was killed, or could not run" ;;
37) said 2 "the kernel panicked" ;;
esac

if grep -qs "^Triple fault" "$log" "$tmp/stderr.txt"; then
	said 3 "the machine reset before the kernel's word: a triple fault (an exception while delivering a double fault; with -no-reboot QEMU stops there)"
fi
killed=$(grep -m1 "terminating on signal" "$tmp/stderr.txt" | sed 's/^[^:]*: //')
if [ "$killed" ] || [ "$signal" ]; then
	said 4 "QEMU stopped before the kernel's word: ${killed:-terminating on a signal this script passed on}"
fi
if grep -qs "qemu_system_shutdown_request reason=2\$" "$log" "$tmp/stderr.txt"; then
	said 4 "you quit QEMU (Ctrl-A X, or quit in the monitor) before the kernel's word"
fi
case $status in
0) said 3 "QEMU stopped without the kernel's word, and not on a triple fault, a quit or a signal (a reset the guest asked for?)" ;;
1) said 3 "QEMU failed (status 1): $(grep -m1 . "$tmp/stderr.txt")" ;;
129|130|137|143) said 4 "QEMU was killed by signal $((status - 128)) before the kernel's word" ;;
*) if [ "$status" -gt 128 ]; then
	said 3 "QEMU crashed: signal $((status - 128))"
   fi
   said 3 "QEMU exited with $status, which the kernel never asks for" ;;
esac
