; SPDX-License-Identifier: MIT
;
; The multiboot2 header: how GRUB recognises trapdoor as something it can boot.
; It must sit, 8-byte aligned, in the first 32 KiB of the file; linker.ld puts
; section .multiboot first. We ask for nothing special, so the header is just
; the four mandatory fields and an end tag. GRUB then loads our ELF segments at
; their physical addresses and jumps to the ELF entry point, _start, in 32-bit
; protected mode with paging off (boot/boot.asm continues from there).

MB2_MAGIC	equ 0xe85250d6		; "this is a multiboot2 header"
MB2_ARCH_I386	equ 0			; enter in 32-bit protected mode

section .multiboot
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header				; header length
	dd 0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header)) ; checksum: the four fields sum to 0
	align 8
	dw 0, 0							; end tag: type 0, flags 0
	dd 8							; size 8
mb2_header_end:
