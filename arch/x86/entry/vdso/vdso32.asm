; SPDX-License-Identifier: MIT
;
; arch/x86/entry/vdso/vdso32.asm: the code the kernel maps into every 32-bit
; program, as its vDSO ("virtual dynamic shared object"): a tiny ELF shared
; library the program never loaded, announced in its auxiliary vector
; (AT_SYSINFO_EHDR: the image; AT_SYSINFO: __kernel_vsyscall).
;
; A 32-bit program makes system calls with "call __kernel_vsyscall" (glibc
; and musl: call *%gs:0x10, where they stored AT_SYSINFO) instead of
; "int $0x80", with the same registers: eax the number, ebx, ecx, edx, esi,
; edi, ebp the arguments. The kernel fills the four bytes at vsyscall_fast
; with the fastest way in this CPU has (kernel/vdso.c, at boot):
;
;   Intel:  mov ebp, esp ; sysenter   SYSENTER forgets esp and eip: keep esp in ebp
;   AMD:    mov ebp, ecx ; syscall    SYSCALL overwrites ecx: keep it in ebp
;   other:  four one-byte NOPs        fall through to int $0x80
;
; Either way ebp, argument 6, was pushed first, so the kernel finds it at
; [esp]; and either way the kernel returns to int80_landing_pad, just after the
; int $0x80. That is the rule restart and single-stepping rely on: ip - 2 is
; always a real int $0x80, so a system call restarted by rewinding the ip two
; bytes (arch/x86/kernel/signal.c) goes in again by int $0x80 and comes back
; to the same place, whichever instruction first entered.

bits 32
section .text

global __kernel_vsyscall:function, vsyscall_fast, int80_landing_pad
__kernel_vsyscall:
	push ecx				; SYSCALL and SYSEXIT destroy ecx,
	push edx				; SYSEXIT destroys edx;
	push ebp				; the kernel reads argument 6 here, at [esp]
vsyscall_fast:
	nop					; 4 bytes the kernel fills in (see above)
	nop
	nop
	nop
	int 0x80				; the way in every CPU has
int80_landing_pad:
	pop ebp
	pop edx
	pop ecx
	ret
__kernel_vsyscall_end:

; The way back from a 32-bit signal handler installed without SA_RESTORER
; (arch/x86/kernel/signal_ia32.c): the kernel makes the handler's return
; address one of these. Old-style handlers return with the signal number
; still on the stack; pop it, so that esp - 8 is the frame sigreturn reads.
; They use int $0x80 (never the fast entries), so the exit is always IRET.
; The nop before each is for unwinders, which look one byte before a return
; address; a debugger recognizes a signal frame by these exact bytes.
NR_sigreturn	equ 119
NR_rt_sigreturn	equ 173

global __kernel_sigreturn:function, __kernel_rt_sigreturn:function
	nop
	align 32, nop
__kernel_sigreturn:
	pop eax					; the handler's argument: sig
	mov eax, NR_sigreturn
	int 0x80				; does not return here
	nop

	align 32, nop
__kernel_rt_sigreturn:
	mov eax, NR_rt_sigreturn
	int 0x80				; does not return here
	nop
