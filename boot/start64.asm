; SPDX-License-Identifier: MIT
;
; start64: the first instruction in the higher half. boot/boot.asm jumps here
; in 64-bit mode with edi = the multiboot2 magic and esi = the information
; structure's physical address. (A file of its own: NASM gives line numbers to
; one code section per file, and this code runs in .text, not .boot.text.)

bits 64
default rel

extern kernel_main, boot_stack_top

section .text
global start64
start64:
	mov rsp, boot_stack_top			; the boot stack, in the kernel's .bss
	xor ebp, ebp				; end of the frame-pointer chain for GDB
	mov edi, edi				; magic: zero-extend (the upper halves are
	mov esi, esi				; mbi:   undefined after the mode switch)
	call kernel_main
.halt:						; kernel_main does not return
	hlt
	jmp .halt
