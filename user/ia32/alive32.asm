; SPDX-License-Identifier: MIT
;
; alive32: the smallest 32-bit (i386) program: it says so through int $0x80
; and exits 0. No C library: NASM and ld make it (the Makefile), so it needs
; no 32-bit toolchain. tests/suites/programs.py damages copies of it to check
; that the ELF loader refuses bad ELF-32 files as it refuses bad ELF-64 ones.

bits 32
section .text
global _start
_start:
	mov eax, 4			; write (syscall_32.tbl)
	mov ebx, 1			; stdout
	mov ecx, msg
	mov edx, msg_len
	int 0x80
	mov eax, 1			; exit
	xor ebx, ebx
	int 0x80

section .data
msg:	db "alive32: a 32-bit program ran", 10
msg_len	equ $ - msg
