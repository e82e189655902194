; SPDX-License-Identifier: MIT
;
; _start: where every trapdoor program begins. The kernel enters here by IRET
; with rsp at argc (System V start-up stack: argc, argv..., NULL, envp...,
; NULL, auxv pairs) and, by the entry contract, every other register zero and
; RFLAGS = 0x202. We record the registers as they arrived (and the x87/SSE
; state and the data segment selectors, which must not be the previous
; program's), so init and fpustate can check that contract, then call
; __libc_start(sp), which calls main and exit.

bits 64
default rel

section .text
global _start
extern __libc_start
_start:
	mov [start_regs + 0*8], rax
	mov [start_regs + 1*8], rbx
	mov [start_regs + 2*8], rcx
	mov [start_regs + 3*8], rdx
	mov [start_regs + 4*8], rsi
	mov [start_regs + 5*8], rdi
	mov [start_regs + 6*8], rbp
	mov [start_regs + 7*8], r8
	mov [start_regs + 8*8], r9
	mov [start_regs + 9*8], r10
	mov [start_regs + 10*8], r11
	mov [start_regs + 11*8], r12
	mov [start_regs + 12*8], r13
	mov [start_regs + 13*8], r14
	mov [start_regs + 14*8], r15
	mov [start_regs + 15*8], rsp
	pushfq					; rflags as the kernel left them (mov changes no flag)
	pop qword [start_regs + 16*8]
	fxsave64 [start_fxsave]			; FCW, FSW, tags, MXCSR, xmm0-15, before C uses any
	mov [start_segs + 0], ds
	mov [start_segs + 2], es
	mov [start_segs + 4], fs
	mov [start_segs + 6], gs
	mov rdi, rsp				; __libc_start(unsigned long *sp)
	and rsp, -16				; the ABI's call alignment (already so, by contract)
	call __libc_start
	ud2					; __libc_start does not return

section .bss
global start_regs
start_regs:	resq 17				; struct user_regs (include/user.h)
global start_segs, start_fxsave
start_segs:	resw 4				; ds, es, fs, gs
alignb 16
start_fxsave:	resb 512			; the FXSAVE image (fxsave64 needs 16-byte alignment)
