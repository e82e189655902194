; SPDX-License-Identifier: MIT
;
; arch/x86/entry/entry_64.asm: the ways from 64-bit ring 3 into the kernel, and back.
; (The 32-bit entries are in entry_64_compat.asm, the macros in calling.inc.)
;
;   entry_SYSCALL_64      the SYSCALL instruction (MSR_LSTAR points here)
;   exc_*                 the 32 CPU exceptions (IDT vectors 0..31)
;   irq_*                 hardware interrupts: the local APIC timer, spurious ones
;   run_user              the first entry of a program into ring 3
;
; Every entry from ring 3 builds the same struct pt_regs (include/asm/ptrace.h)
; at the top of the kernel stack, clears every register that held a user value,
; and calls C with rdi = the pt_regs. Policy lives in C (arch/x86/entry/common.c
; decides SYSRET or IRET, which table, what to trace); this file only moves
; registers. The frame, as it lies on the stack once built:
;
;            top of the kernel stack  (cpu0.top_of_stack = TSS.RSP0)
;   +0xa0  | ss      |  \
;   +0x98  | sp      |   |  the hardware frame: what IRET pops. The CPU
;   +0x90  | flags   |   |  pushes it for int $0x80 and exceptions; for
;   +0x88  | cs      |   |  SYSCALL, entry_SYSCALL_64 pushes it by hand.
;   +0x80  | ip      |  /
;   +0x78  | orig_ax |     system call number, or the exception's error code
;   +0x70  | di      |  \
;   +0x68  | si      |   |
;   +0x60  | dx      |   |
;   +0x58  | cx      |   |
;   +0x50  | ax      |   |  PUSH_AND_CLEAR_REGS, in this order
;   +0x48  | r8      |   |
;     ...  |  ...    |   |
;   +0x00  | r15     |  /   <- rsp = rdi = struct pt_regs *
;
; The offsets come from build/gen/asm-offsets.inc, generated from the C struct.

%include "asm-offsets.inc"
%include "calling.inc"		; PUSH_AND_CLEAR_REGS, POP_REGS, CLEAR_FLAGS

bits 64
default rel

extern cpu0
extern do_syscall_64, do_exception, do_timer_interrupt, do_serial_interrupt
extern exit_to_user_mode

section .text

; ---------------------------------------------------------------------------
; entry_SYSCALL_64: the SYSCALL instruction from 64-bit ring 3.
;
; On entry (what SYSCALL did, and did not do):
;   rax = system call number       rdi, rsi, rdx, r10, r8, r9 = arguments 1..6
;   rcx = user RIP to return to    r11 = user RFLAGS
;   CS = __KERNEL_CS, SS = __KERNEL_DS (from MSR_STAR); RFLAGS &= ~SFMASK, so
;   interrupts, TF, DF and AC are off.
;   rsp = STILL THE USER'S STACK POINTER: SYSCALL switches no stack. We must not
;   use it at all: not push, not call, not take an exception on it.
;   GS base = the user's; the kernel's is in MSR_KERNEL_GS_BASE.
;
; On exit to ring 3, every register holds what pt_regs holds: rax the return
; value, rcx = rip and r11 = rflags (as SYSRET requires), all others unchanged.
; ---------------------------------------------------------------------------
global entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs					; GS base = &cpu0 (the user's goes to the MSR)
	mov [gs:PERCPU_user_rsp], rsp		; park the user's rsp; never dereference it
	mov rsp, [gs:PERCPU_top_of_stack]	; now on this program's kernel stack

	; Build the hardware frame by hand, as int $0x80 would have found it.
	push __USER_DS				; pt_regs->ss: the selector SYSRET will load
	push qword [gs:PERCPU_user_rsp]		; pt_regs->sp: the user's stack pointer
	push r11				; pt_regs->flags: SYSCALL left the user's RFLAGS in r11
	push __USER_CS				; pt_regs->cs
	push rcx				; pt_regs->ip: SYSCALL left the return address in rcx
	push rax				; pt_regs->orig_ax: the system call number, all 64 bits
%ifdef VARIANT_FASTPATH
	%include "experiments/fastpath.inc"	; EXPERIMENT fastpath: may never come back here
.full:						; the full path: every other system call
%endif

	PUSH_AND_CLEAR_REGS -ENOSYS		; pt_regs->ax = -ENOSYS until a call says otherwise

	mov esi, [rdi + PTREGS_orig_ax]		; nr: the low 32 bits of rax, as an int
	call do_syscall_64			; bool do_syscall_64(struct pt_regs *regs, int nr)
%ifdef VARIANT_IRET_ONLY
	jmp ret_to_user_iret			; EXPERIMENT iret-only: never SYSRET
%endif
%ifdef VARIANT_FASTPATH
.exit_checked:					; the fast path's exit work joins here (al = SYSRET safe)
%endif

	; do_syscall_64 returns true when SYSRET is provably safe (common.c says
	; why each check matters); otherwise leave through IRET, which is always safe.
	test al, al
	jz ret_to_user_iret

	POP_REGS				; rcx = pt_regs->cx = ip, r11 = pt_regs->r11 = flags
	mov rsp, [rsp + PTREGS_sp - PTREGS_orig_ax]	; the user's stack pointer, from pt_regs->sp
	swapgs					; give the user back its GS base
	o64 sysret				; rip = rcx, rflags = r11, CS/SS = user: ring 3

; ---------------------------------------------------------------------------
; ret_to_user_iret: leave to ring 3 through IRET, the exit that always works.
; On entry: rsp = a complete struct pt_regs of a ring-3 context, kernel GS.
; Used by int $0x80, by SYSCALL when SYSRET is unsafe, by exceptions taken in
; ring 3 that return, and by run_user for a program's first instruction.
; ---------------------------------------------------------------------------
global ret_to_user_iret
ret_to_user_iret:
	POP_REGS
	add rsp, 8				; drop orig_ax: rsp now at pt_regs->ip
	swapgs					; give the user back its GS base
IRETQ_OFFSET equ $ - ret_to_user_iret		; (iretq_to_user, below, tells traps.c where)
	iretq					; pop ip, cs, flags, sp, ss: ring 3

; The address of that iretq: if IRET refuses its frame, the #GP comes from there.
section .rodata
global iretq_to_user
iretq_to_user:	dq ret_to_user_iret + IRETQ_OFFSET
section .text

; ---------------------------------------------------------------------------
; bad_iret_resume: the iretq above refused its frame (a sigreturn put a
; non-canonical RIP or a bad selector there) and raised #GP in ring 0, with the
; user's GS base already loaded. do_exception has rebuilt the user's pt_regs
; at the top of the stack and raised SIGSEGV; take the kernel's GS base back,
; do the exit work on that frame (deliver the signal), and leave by IRET.
; On entry: rdi = the user's struct pt_regs. Does not return.
; ---------------------------------------------------------------------------
global bad_iret_resume
bad_iret_resume:
	swapgs					; GS base = &cpu0 again
	mov rsp, rdi				; the user's frame; whatever was below it is done with
	call exit_to_user_mode			; void exit_to_user_mode(struct pt_regs *regs)
	jmp ret_to_user_iret

; ---------------------------------------------------------------------------
; The exceptions. The CPU pushes ss, sp, flags, cs, ip (on TSS.RSP0 when it
; came from ring 3, on an IST stack for #DF, NMI and #MC) and, for some
; vectors, an error code: that lands in pt_regs->orig_ax. For the others we
; push -1 there, so every frame is the same struct pt_regs.
;
; The GS base is the user's exactly when the exception came from ring 3, which
; the saved CS says. (An NMI or #MC hitting the few instructions around a
; swapgs would fool this test; trapdoor has no NMI sources and only panics on
; those vectors, without using GS. Linux reads MSR_GS_BASE there instead.)
; ---------------------------------------------------------------------------

; EXCEPTION_STUB N: the entry for vector N. Vectors 8, 10-14, 17, 21, 29 and 30
; (#DF #TS #NP #SS #GP #PF #AC #CP #VC #SX) come with an error code.
%macro EXCEPTION_STUB 1
exc_%1:
	%if !(%1 = 8 || (%1 >= 10 && %1 <= 14) || %1 = 17 || %1 = 21 || %1 = 29 || %1 = 30)
	push -1					; pt_regs->orig_ax: this vector has no error code
	%endif
	test byte [rsp + PTREGS_cs - PTREGS_orig_ax], 3	; pt_regs->cs: from ring 3?
	jz %%from_kernel
	swapgs					; yes: GS base = &cpu0
%%from_kernel:					; (Linux adds an lfence here against a mispredicted
						;  swapgs, CVE-2019-1125; no C here reads GS)
	PUSH_AND_CLEAR_REGS rax			; pt_regs->ax = the interrupted rax
	CLEAR_FLAGS
	mov esi, %1				; the vector
	call do_exception			; void do_exception(struct pt_regs *regs, int vector)
	jmp exception_return
%endmacro

%assign vector 0
%rep 32
	EXCEPTION_STUB %[vector]
	%assign vector vector + 1
%endrep

; exception_return: back to wherever the exception came from.
exception_return:
	test byte [rsp + PTREGS_cs], 3		; returning to ring 3?
	jnz ret_to_user_iret			; yes: the common exit (it does the swapgs)
	POP_REGS
	add rsp, 8				; drop orig_ax (the error code)
	iretq

; ---------------------------------------------------------------------------
; Hardware interrupts: the third way into the kernel, from ring 3 or from the
; kernel's own waits (sti; hlt). The same pt_regs as an exception, with -1 in
; orig_ax; the C handler does its work and, when the interrupt came from
; ring 3, the exit work (a timer may have made a signal pending).
; ---------------------------------------------------------------------------
; INTERRUPT_STUB name, handler: the entry for one interrupt vector.
%macro INTERRUPT_STUB 2
global %1
%1:
	push -1					; pt_regs->orig_ax: not a system call
	test byte [rsp + PTREGS_cs - PTREGS_orig_ax], 3	; pt_regs->cs: from ring 3?
	jz %%from_kernel
	swapgs					; yes: GS base = &cpu0
%%from_kernel:
	PUSH_AND_CLEAR_REGS rax			; pt_regs->ax = the interrupted rax
	CLEAR_FLAGS
	call %2					; void handler(struct pt_regs *regs)
	jmp exception_return
%endmacro

INTERRUPT_STUB irq_timer, do_timer_interrupt	; the local APIC timer
INTERRUPT_STUB irq_serial, do_serial_interrupt	; COM1 received a byte (8259 IRQ 4)

global irq_spurious
; A spurious interrupt (the APIC's, or the masked 8259s' lines 7 and 15): no
; end-of-interrupt is due and nothing was interrupted that needs to know.
irq_spurious:
	iretq

; The stubs' addresses, in vector order, for arch/x86/kernel/idt.c.
section .rodata
global exception_stubs
exception_stubs:
%assign vector 0
%rep 32
	dq exc_%[vector]
	%assign vector vector + 1
%endrep

section .text

; ---------------------------------------------------------------------------
; int run_user(struct pt_regs *regs): start a program (kernel/program.c).
; regs is the program's first pt_regs, at the top of its kernel stack: every
; register zero, ip = the ELF entry point, sp = its start-up stack. We keep our
; C caller's callee-saved registers and stack pointer, then leave through the
; same IRET exit every entry uses. run_user "returns" only when the program
; ends and kernel/program.c calls resume_kernel(wstatus).
; ---------------------------------------------------------------------------
global run_user, resume_kernel
run_user:
	push rbx				; the registers our C caller expects kept
	push rbp
	push r12
	push r13
	push r14
	push r15
	mov [kernel_resume_rsp], rsp		; where resume_kernel will pick up
	mov rsp, rdi				; the program's pt_regs
	jmp ret_to_user_iret

; void resume_kernel(int wstatus): abandon the program's kernel stack and
; return wstatus from run_user on the stack that called it.
resume_kernel:
	mov rsp, [kernel_resume_rsp]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	mov eax, edi				; run_user's return value
	ret

section .bss
kernel_resume_rsp:	resq 1
