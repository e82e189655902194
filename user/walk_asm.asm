; SPDX-License-Identifier: MIT
;
; The two system calls scripts/walk.py follows, one instruction at a time.
; Each is a function of its own, so its SYSCALL or int $0x80 has a symbol
; (walk_getpid_syscall+0x3) that the walk finds in QEMU's execution log; the
; instruction after it (the ret) is the first user instruction of the return.
; walk_end marks the end of the range the walk logs in user space.

bits 64
default rel

section .text

; long walk_getpid_syscall(long nr): system call nr (no arguments) via SYSCALL.
global walk_getpid_syscall
walk_getpid_syscall:
	mov rax, rdi				; nr, e.g. __NR_getpid
	syscall
	ret

; long walk_getpid_int80(long nr): ia32 system call nr (no arguments) via int $0x80.
global walk_getpid_int80
walk_getpid_int80:
	mov rax, rdi				; nr, e.g. __NR_ia32_getpid
	int 0x80
	ret

global walk_end
walk_end:
