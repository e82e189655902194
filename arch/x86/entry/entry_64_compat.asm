; SPDX-License-Identifier: MIT
;
; arch/x86/entry/entry_64_compat.asm: the ways from 32-bit (compatibility mode)
; ring 3 into the kernel, and back. Linux's ia32 system call ABI: the number in
; eax, arguments 1..6 in ebx, ecx, edx, esi, edi, ebp, 32 bits each
; (arch/x86/entry/syscalls/syscall_32.tbl).
;
;   entry_INT80_compat    int $0x80 (IDT vector 0x80); 64-bit programs may use it too
;   entry_SYSCALL_compat  SYSCALL from 32-bit code (MSR_CSTAR): refused
;
; Each builds the same struct pt_regs as entry_64.asm's entries (see the
; picture there) and leaves through its ret_to_user_iret.

%include "asm-offsets.inc"
%include "calling.inc"			; PUSH_AND_CLEAR_REGS, POP_REGS, CLEAR_FLAGS

bits 64
default rel

extern do_int80_syscall_32, ret_to_user_iret

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
	call do_int80_syscall_32		; void do_int80_syscall_32(struct pt_regs *regs)
	jmp ret_to_user_iret

; ---------------------------------------------------------------------------
; entry_SYSCALL_compat: SYSCALL executed in 32-bit compatibility mode. Only AMD
; CPUs allow that (Intel raises #UD). trapdoor has no 32-bit SYSCALL ABI, so,
; as Linux does without IA32 emulation, return -ENOSYS at once. The stack is
; still the user's, so touch nothing: eax and SYSRET to 32-bit code only.
; ---------------------------------------------------------------------------
global entry_SYSCALL_compat
entry_SYSCALL_compat:
	mov eax, -ENOSYS
	sysret					; 32-bit form: CS = __USER32_CS, eip = ecx, eflags = r11
