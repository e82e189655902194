; SPDX-License-Identifier: MIT
;
; The 32-bit vDSO's image, byte for byte as the linker made it
; (build/gen/vdso/vdso32.so, from vdso32.asm): kernel/vdso.c fills in its
; fast instruction at boot and copies it into each 32-bit program.

section .data
align 16
global vdso32_image, vdso32_image_end
vdso32_image:
	incbin "vdso32.so"
vdso32_image_end:
