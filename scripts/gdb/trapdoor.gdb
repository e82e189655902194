# SPDX-License-Identifier: MIT
# scripts/gdb/trapdoor.gdb: GDB set-up for trapdoor. Run GDB from the top of the tree:
#
#   make debug                          QEMU paused at the first instruction, GDB with this file
#   gdb -x scripts/gdb/trapdoor.gdb     attach to a QEMU started with -S -gdb tcp::1234
#   gdb -nx -batch -x scripts/gdb/trapdoor.gdb -ex 'hbreak kernel_main' -ex continue -ex 'p/x $rdi'
#
# GDB_PORT is the port of QEMU's GDB stub (default 1234); TRAPDOOR_USER_ELF the
# program whose symbols are loaded (default build/user/init.elf).

# QEMU's stub always describes a 64-bit CPU, even while it runs the 16- and
# 32-bit boot code. Say so before connecting, or GDB guesses a 32-bit one and
# fails with "Remote 'g' packet reply is too long".
set architecture i386:x86-64

# The kernel's symbols and line tables. NASM assembles with DWARF line info
# (-g -F dwarf), so stepi walks arch/x86/entry/entry_64.asm by source line.
file build/trapdoor.elf

# The entry code is NASM: disassemble in the same (Intel) syntax.
set disassembly-flavor intel

# ptregs, syscall-args, break-syscall, user-symbols, sigframe, break-signal:
# help user-defined.
source scripts/gdb/trapdoor.py
user-symbols

python import os; gdb.execute("target remote 127.0.0.1:" + os.environ.get("GDB_PORT", "1234"))

# Kernel code runs in the higher half, not mapped until boot/boot.asm turns
# paging on. Under TCG, QEMU keeps breakpoints to itself and break works
# anyway; under KVM it writes an int3 into the page, which must be mapped.
# hbreak (a debug register, matching the address whenever the CPU gets there)
# works under both: hbreak kernel_main.
echo trapdoor: try hbreak kernel_main, break main (init), break-syscall write; help user-defined\n
