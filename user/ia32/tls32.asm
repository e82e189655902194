; SPDX-License-Identifier: MIT
;
; tls32: set_thread_area's GDT slots must not outlive their program.
;
;   tls32 set     takes a free TLS slot (entry_number -1) for a base of
;                 0x12345000, loads its selector into GS and FS, and exits 0
;                 if it reads back through get_thread_area.
;   tls32 check   exits 0 only if the program started clean, as a new 32-bit
;                 program must under Linux: GS and FS null, DS and ES
;                 __USER_DS (0x2b), and all three TLS slots (12..14) empty.
;
; Run "set" and then "check" as two programs: "check" fails if the kernel let
; the first program's descriptor or selectors reach the second. Exit status
; 1..8 names the first check that failed. NASM and ld make it (the Makefile).

bits 32
section .text
global _start
_start:
	mov eax, [esp + 8]			; argv[1]
	test eax, eax
	jz fail_usage
	cmp byte [eax], 's'
	je set

check:						; DS, ES, FS, GS as the kernel started us
	mov ebx, 1
	mov ax, gs
	test ax, ax
	jnz fail
	mov ebx, 2
	mov ax, fs
	test ax, ax
	jnz fail
	mov ebx, 3
	mov ax, ds
	cmp ax, 0x2b
	jne fail
	mov ax, es
	cmp ax, 0x2b
	jne fail
	mov esi, 12				; then every TLS slot: empty
.slot:
	mov [desc], esi				; entry_number
	mov eax, 244				; get_thread_area
	mov ebx, desc
	int 0x80
	mov ebx, 4
	test eax, eax
	jnz fail
	mov ebx, 5
	cmp dword [desc + 4], 0			; base_addr
	jne fail
	mov ebx, 6
	mov eax, [desc + 12]			; the flags: read_exec_only (bit 3) and
	and eax, 0x28				; seg_not_present (bit 5) say "empty"
	cmp eax, 0x28
	jne fail
	mov ebx, 8				; and in the GDT itself: LAR sets ZF only
	lea ecx, [esi * 8 + 3]			; for a descriptor ring 3 could load, so a
	lar eax, ecx				; slot the last program filled, and the
	jz fail					; kernel forgot to clear, shows here
	inc esi
	cmp esi, 15
	jb .slot
	mov ebx, 0
	jmp exit

set:
	mov dword [desc], -1			; entry_number: any free slot
	mov dword [desc + 4], 0x12345000	; base_addr
	mov dword [desc + 8], 0xfffff		; limit
	mov dword [desc + 12], 0x51		; seg_32bit | limit_in_pages | useable
	mov eax, 243				; set_thread_area
	mov ebx, desc
	int 0x80
	mov ebx, 7
	test eax, eax
	jnz fail
	mov eax, [desc]				; the slot the kernel chose
	lea eax, [eax * 8 + 3]			; its selector, RPL 3
	mov gs, ax
	mov fs, ax
	mov ebx, 0
	jmp exit

fail_usage:
	mov ebx, 9
fail:
exit:
	mov eax, 1				; exit(ebx)
	int 0x80

section .bss
desc:	resd 4					; struct user_desc
