; SPDX-License-Identifier: MIT
;
; The two ways into the kernel, as functions C can call, and helpers that let
; init check the register contract of each.

bits 64
default rel

section .text

; long syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
; The SYSCALL ABI: nr in rax, arguments in rdi, rsi, rdx, r10, r8, r9.
; SYSCALL itself overwrites rcx (return address) and r11 (rflags).
global syscall6
syscall6:
	mov rax, rdi				; nr
	mov rdi, rsi				; a1
	mov rsi, rdx				; a2
	mov rdx, rcx				; a3
	mov r10, r8				; a4
	mov r8, r9				; a5
	mov r9, [rsp + 8]			; a6, the 7th C argument, from the stack
	syscall
	ret

; long int80_6(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
; Linux's ia32 ABI: nr in eax, arguments in ebx, ecx, edx, esi, edi, ebp.
global int80_6
int80_6:
	push rbx				; rbx and rbp are callee-saved in C
	push rbp
	mov rax, rdi				; nr
	mov rbx, rsi				; a1
	mov r11, rcx				; (a3 is in rcx, which a2 needs)
	mov rcx, rdx				; a2
	mov rdx, r11				; a3
	mov rsi, r8				; a4
	mov rdi, r9				; a5
	mov rbp, [rsp + 24]			; a6: past two pushes and the return address
	int 0x80
	pop rbp
	pop rbx
	ret

; struct user_regs offsets (include/user.h)
%define R_AX 0*8
%define R_BX 1*8
%define R_CX 2*8
%define R_DX 3*8
%define R_SI 4*8
%define R_DI 5*8
%define R_BP 6*8
%define R_R8 7*8
%define R_R9 8*8
%define R_R10 9*8
%define R_R11 10*8
%define R_R12 11*8
%define R_R13 12*8
%define R_R14 13*8
%define R_R15 14*8
%define R_SP 15*8
%define R_FLAGS 16*8

; ENTER_WITH_REGS insn: load every register from *in, run insn (syscall or
; int 0x80), store every register to *out, and rflags just before insn in
; out->flags. void fn(const struct user_regs *in, struct user_regs *out)
%macro ENTER_WITH_REGS 2
global %1
%1:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	mov [saved_out], rsi
	mov [saved_rsp], rsp
	mov rax, [rdi + R_AX]
	mov rbx, [rdi + R_BX]
	mov rcx, [rdi + R_CX]
	mov rdx, [rdi + R_DX]
	mov rsi, [rdi + R_SI]
	mov rbp, [rdi + R_BP]
	mov r8, [rdi + R_R8]
	mov r9, [rdi + R_R9]
	mov r10, [rdi + R_R10]
	mov r11, [rdi + R_R11]
	mov r12, [rdi + R_R12]
	mov r13, [rdi + R_R13]
	mov r14, [rdi + R_R14]
	mov r15, [rdi + R_R15]
	mov rdi, [rdi + R_DI]			; last: rdi was the pointer
	pushfq
	pop qword [flags_before]
	%2
global %1_return
%1_return:					; the address SYSCALL leaves in rcx
	mov [saved_rax], rax
	mov rax, [saved_out]
	mov [rax + R_BX], rbx
	mov [rax + R_CX], rcx
	mov [rax + R_DX], rdx
	mov [rax + R_SI], rsi
	mov [rax + R_DI], rdi
	mov [rax + R_BP], rbp
	mov [rax + R_R8], r8
	mov [rax + R_R9], r9
	mov [rax + R_R10], r10
	mov [rax + R_R11], r11
	mov [rax + R_R12], r12
	mov [rax + R_R13], r13
	mov [rax + R_R14], r14
	mov [rax + R_R15], r15
	mov [rax + R_SP], rsp
	mov rbx, [flags_before]
	mov [rax + R_FLAGS], rbx
	mov rbx, [saved_rax]
	mov [rax + R_AX], rbx
	mov rsp, [saved_rsp]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret
%endmacro

ENTER_WITH_REGS syscall_with_regs, syscall
ENTER_WITH_REGS int80_with_regs, {int 0x80}

; long syscall_with_rsp(long nr, unsigned long rsp): make system call nr (no
; arguments) with the stack pointer set to rsp, which may be anything at all:
; the kernel must neither use nor trust it.
global syscall_with_rsp
syscall_with_rsp:
	mov [saved_rsp], rsp
	mov rax, rdi
	mov rsp, rsi
	syscall
	mov rsp, [saved_rsp]
	ret

; The same through int $0x80 (the CPU switches to TSS.RSP0 regardless).
global int80_with_rsp
int80_with_rsp:
	mov [saved_rsp], rsp
	mov rax, rdi
	mov rsp, rsi
	int 0x80
	mov rsp, [saved_rsp]
	ret

; unsigned long syscall_flags(long nr, unsigned long flags): set RFLAGS to
; flags (e.g. with DF and AC), make system call nr, return RFLAGS after it.
global syscall_flags
syscall_flags:
	mov rax, rdi
	push rsi
	popfq
	syscall
	pushfq
	pop rax
	push rax
	and qword [rsp], ~0x40400		; C wants DF clear, and AC set would trap unaligned accesses
	popfq
	ret

global int80_flags
int80_flags:
	mov rax, rdi
	push rsi
	popfq
	int 0x80
	pushfq
	pop rax
	push rax
	and qword [rsp], ~0x40400		; as above: DF and AC clear again
	popfq
	ret

; long syscall_from_compat_mode(long nr): far-jump to the 32-bit user code
; segment, run SYSCALL there with eax = nr, come back to 64-bit mode and
; return eax. The kernel's CSTAR entry runs the ia32 call eax; this program
; has no vDSO, so the kernel returns after the SYSCALL (by IRET), not to a
; landing pad. (Intel CPUs refuse SYSCALL in compat mode: #UD, SIGILL.)
; 32-bit code sees only esp, and the kernel reads argument 6 at [esp]: so
; run there on a small stack below 4 GiB, and take our own back after. The
; ABI of this SYSCALL is __kernel_vsyscall's: ecx travels in ebp, and ebp
; comes back as the word at [esp], so rbp (callee-saved) is saved here.
global syscall_from_compat_mode
syscall_from_compat_mode:
	push rbx
	push rbp
	mov [saved_rsp], rsp
	lea rsp, [compat_stack_top]
	mov eax, edi
	jmp dword far [to_compat]		; m16:32: CS = __USER32_CS (0x23)
bits 32
compat_code:
	syscall					; CSTAR -> entry_SYSCALL_compat -> back here + 2
	jmp dword far [to_long]			; CS = __USER_CS (0x33)
bits 64
long_code:
	mov rsp, [saved_rsp]
	movsxd rax, eax
	pop rbp
	pop rbx
	ret

; __restore_rt: the restorer a signal handler returns into (SA_RESTORER: its
; address is struct sigaction's sa_restorer, and the kernel puts it in the
; signal frame as pretcode, the handler's return address). It makes the
; rt_sigreturn call, which reads the frame back; glibc and musl name theirs
; the same. When it runs, rsp points just past pretcode, at the frame's
; ucontext: rt_sigreturn finds the frame at rsp - 8.
global __restore_rt
__restore_rt:
	mov eax, 15				; __NR_rt_sigreturn (syscall_64.tbl)
	syscall					; does not return here

section .data
to_compat:	dd compat_code, 0x23
to_long:	dd long_code, 0x33

section .bss
compat_stack:	resb 256
compat_stack_top:
saved_out:	resq 1
saved_rsp:	resq 1
saved_rax:	resq 1
flags_before:	resq 1
