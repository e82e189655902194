; SPDX-License-Identifier: MIT
;
; From GRUB to C: 32-bit entry, checks, early page tables, long mode.
;
; GRUB's multiboot2 hand-over (32-bit protected mode, paging off):
;   eax = 0x36d76289 (the multiboot2 boot magic)
;   ebx = physical address of the multiboot2 information structure
;   flat 4 GiB segments, interrupts off, no stack we may rely on.
;
; What we do, in order:
;   1. check we were booted by multiboot2 and that the CPU has long mode;
;      otherwise say so on the serial port and halt;
;   2. build early page tables: the first GiB identity mapped (we are running
;      there), the first 4 GiB at the direct map 0xffff800000000000, and the
;      first GiB again at 0xffffffff80000000, where the kernel is linked;
;   3. turn on PAE, long mode, no-execute and paging; far-jump to 64-bit code;
;   4. jump up to the higher half, start64 in boot/start64.asm, which takes
;      the boot stack and calls kernel_main(magic, mbi).
;      arch/x86/mm/pgtable.c later replaces these tables.
;
; This code runs at its physical address (linker.ld links .boot at 1 MiB).

MB2_BOOT_MAGIC	equ 0x36d76289
KERNEL_VMA	equ 0xffffffff80000000
COM1		equ 0x3f8

PTE_P		equ 1 << 0			; present
PTE_W		equ 1 << 1			; writable
PTE_PS		equ 1 << 7			; 2 MiB page (in a page directory)

CR0_PG		equ 1 << 31
CR0_WP		equ 1 << 16
CR4_PAE		equ 1 << 5
MSR_EFER	equ 0xc0000080
EFER_LME	equ 1 << 8
EFER_NX		equ 1 << 11

%include "asm-offsets.inc"			; SIZEOF_PTREGS

extern __boot_bss_start, __boot_bss_end	; from linker.ld

section .boot.text progbits alloc exec nowrite align=16
bits 32
global _start
_start:
	cli
	cld
	mov edi, eax				; keep the magic for kernel_main's first argument
	mov esi, ebx				; and the info pointer for its second

	; 1. Checks.
	cmp edi, MB2_BOOT_MAGIC
	mov ebp, msg_not_multiboot2
	jne boot_fail

	mov eax, 0x80000000			; highest extended CPUID leaf
	cpuid
	cmp eax, 0x80000001
	mov ebp, msg_no_long_mode
	jb boot_fail
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29			; EDX bit 29: long mode
	jz boot_fail

	; 2. Early page tables, in .boot.bss, which we zero first.
	;    pd_low maps 0..1 GiB with 2 MiB pages; pd_direct maps 0..4 GiB.
	mov edx, edi				; rep stosd needs edi: park the magic in edx
	mov edi, __boot_bss_start
	mov ecx, __boot_bss_end
	sub ecx, edi
	shr ecx, 2				; dwords to clear
	xor eax, eax
	rep stosd
	mov edi, edx

	mov ecx, 0
.fill_pd:
	mov eax, ecx
	shl eax, 21				; physical address of 2 MiB page ecx
	or eax, PTE_P | PTE_W | PTE_PS
	mov [pd_low + ecx * 8], eax
	mov [pd_direct + ecx * 8], eax		; pd_direct[0..511]: first GiB
	inc ecx
	cmp ecx, 512
	jne .fill_pd
	mov ecx, 512
.fill_pd_direct:				; pd_direct[512..2047]: GiB 1..3
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P | PTE_W | PTE_PS
	mov [pd_direct + ecx * 8], eax
	inc ecx
	cmp ecx, 2048
	jne .fill_pd_direct

	mov eax, pd_low + (PTE_P | PTE_W)
	mov [pdpt_low], eax			; pdpt_low[0]:    0 GiB -> pd_low
	mov [pdpt_kernel + 510 * 8], eax	; pdpt_kernel[510]: -2 GiB -> pd_low
	mov ecx, 0
.fill_pdpt_direct:				; pdpt_direct[0..3] -> the four pages of pd_direct
	mov eax, ecx
	shl eax, 12
	add eax, pd_direct + (PTE_P | PTE_W)
	mov [pdpt_direct + ecx * 8], eax
	inc ecx
	cmp ecx, 4
	jne .fill_pdpt_direct

	mov dword [pml4], pdpt_low + (PTE_P | PTE_W)		; 0x0000000000000000
	mov dword [pml4 + 256 * 8], pdpt_direct + (PTE_P | PTE_W) ; 0xffff800000000000
	mov dword [pml4 + 511 * 8], pdpt_kernel + (PTE_P | PTE_W) ; 0xffffff8000000000

	; 3. Long mode: PAE, the page tables, EFER.LME and NXE, then paging.
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, pml4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME | EFER_NX
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax				; now in compatibility mode (32-bit code, long mode on)

	lgdt [boot_gdt_ptr]
	jmp 0x10:long_mode_low			; load a 64-bit CS: now in 64-bit mode

; Print the NUL-terminated message at ebp on COM1 and halt for good.
boot_fail:
	mov dx, COM1
	mov al, [ebp]
	test al, al
	jz .halt
	out dx, al
	inc ebp
	jmp boot_fail
.halt:
	hlt
	jmp .halt

bits 64
extern start64
long_mode_low:
	mov rax, start64			; leave the identity map for the higher half
	jmp rax

section .boot.data progbits alloc noexec write align=16
msg_not_multiboot2:
	db "trapdoor: not started by a multiboot2 loader (bad boot magic); halting", 13, 10, 0
msg_no_long_mode:
	db "trapdoor: this CPU has no 64-bit long mode; halting", 13, 10, 0

; A minimal GDT for the jump into 64-bit mode. The same selectors as the real
; one (include/asm/segment.h), so nothing changes when C loads that one.
align 16
boot_gdt:
	dq 0					; 0x00 null
	dq 0					; 0x08 unused
	dq 0x00af9a000000ffff			; 0x10 kernel code: 64-bit, present, DPL 0
	dq 0x00cf92000000ffff			; 0x18 kernel data
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dd boot_gdt

section .boot.bss nobits alloc noexec write align=4096
pml4:		resb 4096
pdpt_low:	resb 4096
pdpt_kernel:	resb 4096
pdpt_direct:	resb 4096
pd_low:		resb 4096
pd_direct:	resb 4 * 4096

; The stacks, in the kernel's .bss. Each has an unmapped guard page below it
; (arch/x86/mm/pgtable.c leaves the *_guard pages out of the final page tables), so an
; overflow faults at once instead of corrupting whatever lies beneath.
section .stacks nobits alloc noexec write align=4096
global boot_stack_guard, boot_stack_top, task_stack_guard, task_pt_regs, task_stack_top
boot_stack_guard:	resb 4096
			resb 16384
boot_stack_top:
task_stack_guard:	resb 4096
			resb 16384 - SIZEOF_PTREGS
task_pt_regs:		resb SIZEOF_PTREGS	; the running program's struct pt_regs
task_stack_top:					; TSS.RSP0 and cpu0.top_of_stack point here
