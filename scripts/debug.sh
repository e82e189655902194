#!/bin/sh
# SPDX-License-Identifier: MIT
# Usage: debug.sh ISO [QEMU FLAGS...]                       (make debug)
# Boot ISO under QEMU paused before its first instruction, with a GDB stub on
# 127.0.0.1:GDB_PORT, and run GDB with scripts/gdb/trapdoor.gdb: kernel and
# init symbols, and the trapdoor commands (help user-defined). GDB_PORT
# defaults to 1234, or to a free port when 1234 is taken; GDB=gdb-multiarch
# picks another GDB. The console prints on this terminal, the keyboard is
# GDB's. Quitting GDB stops QEMU.
iso=$1
shift
case $iso in /*) ;; *) iso=$PWD/$iso ;; esac
cd "$(dirname "$0")/.." || exit 1		# trapdoor.gdb names files from the top of the tree

if [ -z "$GDB_PORT" ]; then
	GDB_PORT=$(python3 -c '
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)	# as QEMU does
try:
    s.bind(("127.0.0.1", 1234))
except OSError:
    s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
fi
export GDB_PORT

# -S: stop before the first instruction. setsid: QEMU gets a session of its
# own, so a Ctrl-C typed to interrupt the guest reaches GDB only (QEMU would
# quit on SIGINT). Through exec in qemu-machine.sh, $! is QEMU itself.
setsid sh scripts/qemu-machine.sh "$iso" -S -gdb "tcp:127.0.0.1:$GDB_PORT" \
	-serial stdio "$@" </dev/null &
qemu=$!
trap 'kill "$qemu" 2>/dev/null' EXIT
trap 'exit 129' HUP		# terminal closed: still end QEMU (the EXIT trap)
trap 'exit 143' TERM
trap : INT			# Ctrl-C is GDB's business: keep waiting for it

echo "debug.sh: QEMU is paused, its GDB stub on 127.0.0.1:$GDB_PORT"
"${GDB:-gdb}" -q -x scripts/gdb/trapdoor.gdb -ex 'set trapdoor-kill-on-exit on'
