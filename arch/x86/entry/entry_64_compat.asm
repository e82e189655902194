; SPDX-License-Identifier: MIT
;
; arch/x86/entry/entry_64_compat.asm: the ways from 32-bit (compatibility mode)
; ring 3 into the kernel, and back. Linux's ia32 system call ABI: the number in
; eax, arguments 1..6 in ebx, ecx, edx, esi, edi, ebp, 32 bits each
; (arch/x86/entry/syscalls/syscall_32.tbl).
;
;   entry_INT80_compat     int $0x80 (IDT vector 0x80); 64-bit programs may use it too
;   entry_SYSENTER_compat  SYSENTER (MSR_IA32_SYSENTER_EIP): Intel CPUs' fast way in
;   entry_SYSCALL_compat   SYSCALL from 32-bit code (MSR_CSTAR): AMD CPUs' fast way in
;
; Each builds the same struct pt_regs as entry_64.asm's entries (see the
; picture there) and calls one C function, do_syscall_32 (common.c), which
; says which entry it came from. int $0x80 always leaves by IRET; the two
; fast entries leave by their own fast instruction (SYSEXIT, SYSRETL) when
; do_syscall_32 says it is provably safe, and by IRET otherwise.
;
; A 32-bit program does not choose between them: it calls __kernel_vsyscall
; in the vDSO (arch/x86/entry/vdso/vdso32.asm), which uses the one this CPU
; has. SYSENTER and SYSCALL each destroy registers the ABI must keep (the user's
; esp, or ecx), so __kernel_vsyscall saves them first and hands them over in
; ebp; the argument in ebp goes onto the user's stack, where C fetches it.

%include "asm-offsets.inc"
%include "calling.inc"			; PUSH_AND_CLEAR_REGS, POP_REGS, CLEAR_FLAGS

bits 64
default rel

extern do_syscall_32, ret_to_user_iret

section .text

; ---------------------------------------------------------------------------
; entry_INT80_compat: int $0x80, Linux's ia32 system call ABI.
;
; On entry: the IDT gate (an interrupt gate, DPL 3) turned interrupts off, and
; the CPU switched to TSS.RSP0 (this program's kernel stack, the same top as
; cpu0.top_of_stack) and pushed ss, sp, flags, cs and ip there.
;   eax = ia32 system call number (arch/x86/entry/syscalls/syscall_32.tbl)
;   ebx, ecx, edx, esi, edi, ebp = arguments 1..6, 32 bits each
; On exit, every register but rax is as it was: r8-r15 too.
; ---------------------------------------------------------------------------
global entry_INT80_compat
entry_INT80_compat:
	swapgs					; GS base = &cpu0 (only ring 3 can reach this gate)
	push rax				; pt_regs->orig_ax: the system call number
	PUSH_AND_CLEAR_REGS -ENOSYS		; pt_regs->ax = -ENOSYS until a call says otherwise
	CLEAR_FLAGS
	mov esi, ENTRY_INT80
	call do_syscall_32			; bool do_syscall_32(struct pt_regs *regs, int entry)
	jmp ret_to_user_iret			; (its answer is always false for int $0x80)

; ---------------------------------------------------------------------------
; entry_SYSENTER_compat: the SYSENTER instruction, from __kernel_vsyscall.
;
; On entry (what SYSENTER did, and did not do):
;   CS = MSR_IA32_SYSENTER_CS (__KERNEL_CS), SS = that + 8 (__KERNEL_DS)
;   rsp = MSR_IA32_SYSENTER_ESP: the top of this program's kernel stack
;   IF is off; nothing else in RFLAGS changed: TF, DF, AC and NT are the user's
;   SYSENTER saved NOTHING: not the user's eip, not its esp. The vDSO put esp
;   in ebp (and ebp, argument 6, on the user's stack); the return address is
;   the vDSO's landing pad, which C knows.
;   GS base = the user's.
; ---------------------------------------------------------------------------
global entry_SYSENTER_compat, entry_SYSENTER_compat_end
entry_SYSENTER_compat:
	swapgs					; GS base = &cpu0
	push __USER_DS				; pt_regs->ss
	push rbp				; pt_regs->sp: the user's esp, in ebp (C reads ebp's own value back)
	pushfq					; pt_regs->flags: the user's, but IF is off (C turns it back on)
	push __USER32_CS			; pt_regs->cs
	push 0					; pt_regs->ip: C writes the vDSO's landing pad here
	push rax				; pt_regs->orig_ax: the system call number
	PUSH_AND_CLEAR_REGS -ENOSYS
	; SYSENTER left the user's TF, DF, AC and NT set if they were. With TF set,
	; every instruction from the first one above has raised a #DB, which
	; traps.c ignored (it ends the stepping here, with a popfq clearing TF).
	CLEAR_FLAGS
entry_SYSENTER_compat_end:			; (traps.c: single-steps up to here are the user's SYSENTER)
	mov esi, ENTRY_SYSENTER
	call do_syscall_32			; bool do_syscall_32(struct pt_regs *regs, int entry)
	test al, al				; may SYSEXIT return? (common.c says when)
	jz ret_to_user_iret

	; SYSEXIT (32-bit form): eip = edx, esp = ecx, CS = SYSENTER_CS + 16 | 3 =
	; __USER32_CS, SS = SYSENTER_CS + 24 | 3 = __USER_DS. It does not touch
	; RFLAGS, so load the user's flags first, with IF still off: STI turns
	; interrupts on only after the next instruction, so none can arrive on
	; the kernel stack with the user's GS base loaded.
	POP_REGS				; every register from pt_regs; rsp at orig_ax
	add rsp, 8				; rsp at pt_regs->ip
	pop rdx					; edx = the landing pad: SYSEXIT's eip
	add rsp, 8				; (cs: SYSEXIT loads __USER32_CS itself)
	and qword [rsp], ~X86_EFLAGS_IF		; the user's flags, but IF off until the sti
	popfq					; (TF is not set here: C checked)
	pop rcx					; ecx = the user's esp: SYSEXIT's esp
	swapgs					; give the user back its GS base
	sti
	sysexit					; ring 3, at __kernel_vsyscall's landing pad

; ---------------------------------------------------------------------------
; entry_SYSCALL_compat: SYSCALL from 32-bit code, from __kernel_vsyscall.
; Only AMD CPUs allow it (Intel raises #UD; they have SYSENTER).
;
; On entry: as for entry_SYSCALL_64 (rcx = the return address, r11 = the
; user's RFLAGS, which SFMASK has cleaned, rsp = the user's), except that SYSCALL
; overwrote ecx, argument 2: the vDSO copied it to ebp first (and ebp,
; argument 6, onto the user's stack). The return address is replaced in C
; by the landing pad, which is where the vDSO's SYSCALL returns anyway.
; ---------------------------------------------------------------------------
global entry_SYSCALL_compat
entry_SYSCALL_compat:
	swapgs					; GS base = &cpu0
	mov [gs:PERCPU_user_rsp], rsp		; park the user's esp; never dereference it
	mov rsp, [gs:PERCPU_top_of_stack]	; now on this program's kernel stack
	push __USER_DS				; pt_regs->ss
	push qword [gs:PERCPU_user_rsp]		; pt_regs->sp
	push r11				; pt_regs->flags: SYSCALL left the user's in r11
	push __USER32_CS			; pt_regs->cs
	push rcx				; pt_regs->ip: C replaces it with the landing pad
	push rax				; pt_regs->orig_ax: the system call number
	PUSH_AND_CLEAR_REGS -ENOSYS		; (pt_regs->cx is the return address: C puts ebp there)
	mov esi, ENTRY_SYSCALL32
	call do_syscall_32			; bool do_syscall_32(struct pt_regs *regs, int entry)
	test al, al				; may SYSRETL return? (common.c says when)
	jz ret_to_user_iret

	; SYSRETL (32-bit form): eip = ecx, eflags = r11, CS = __USER32_CS and
	; SS = __USER_DS from MSR_STAR. Unlike the 64-bit exit, ecx and r11 are
	; loaded from the frame: ecx would otherwise be argument 2, not the ip.
	POP_REGS				; every register from pt_regs; rsp at orig_ax
	mov ecx, [rsp + PTREGS_ip - PTREGS_orig_ax]	; the landing pad
	mov r11d, [rsp + PTREGS_flags - PTREGS_orig_ax]	; the user's flags
	mov rsp, [rsp + PTREGS_sp - PTREGS_orig_ax]	; the user's esp
	swapgs					; give the user back its GS base
	sysret					; 32-bit form: ring 3, at the landing pad
