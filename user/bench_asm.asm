; SPDX-License-Identifier: MIT
;
; The measuring loops of user/bench.c. Each makes n round trips of system
; call nr (no arguments) and returns the time stamp counter's advance over
; them. The loop is four user instructions per round trip,
;
;   .loop:  mov eax, esi / syscall (or int 0x80) / dec r8 / jnz .loop
;
; which scripts/bench.py counts from the .loop label to the .done label and
; subtracts. Under QEMU's -icount shift=0 the TSC advances once per
; instruction, so ticks(2n) - ticks(n) = n * (4 + kernel instructions).
; SYSCALL clobbers rcx and r11; the kernel keeps every other register, so
; r8, r9 and esi survive each round trip.

bits 64
default rel

section .text

; TSC_TO_RAX insn: rdx:rax = TSC (insn is rdtsc or rdtscp), then rax = all 64 bits.
%macro TSC_TO_RAX 1
	%1
	shl rdx, 32
	or rax, rdx
%endmacro

; BENCH_LOOP name, entry instruction, TSC instruction:
; unsigned long name(unsigned long n, long nr), n >= 1.
%macro BENCH_LOOP 3
global %1
%1:
	mov r8, rdi				; round trips left
	TSC_TO_RAX %3
	mov r9, rax				; the TSC before the first round trip
.loop:
	mov eax, esi				; nr (rax comes back as the result)
	%2
	dec r8
	jnz .loop
.done:
	TSC_TO_RAX %3
	sub rax, r9
	ret
%endmacro

BENCH_LOOP bench_syscall_rdtsc, syscall, rdtsc
BENCH_LOOP bench_int80_rdtsc, {int 0x80}, rdtsc
BENCH_LOOP bench_syscall_rdtscp, syscall, rdtscp
BENCH_LOOP bench_int80_rdtscp, {int 0x80}, rdtscp

; unsigned long bench_signal_rdtsc(unsigned long n): n signal round trips, each
; kill(getpid(), SIGUSR1) through SYSCALL with bench_sig_handler installed:
; the kill's exit delivers the signal, the handler returns at once into the
; restorer (__restore_rt, user/sys.asm: mov eax, 15; syscall), and
; rt_sigreturn comes back to the instruction after the kill. The user side of
; one round trip is the 8 instructions of .loop, the handler's ret and the
; restorer's 2: scripts/bench.py counts .loop and adds the 3.
global bench_signal_rdtsc, bench_sig_handler
bench_signal_rdtsc:
	mov r8, rdi				; round trips left (sigreturn gives every register back)
	TSC_TO_RAX rdtsc
	mov r9, rax
.loop:
	mov eax, 39				; getpid
	syscall
	mov edi, eax				; kill(getpid(), ...
	mov esi, 10				;                SIGUSR1)
	mov eax, 62				; kill
	syscall					; the handler runs on the way out of this one
	dec r8
	jnz .loop
.done:
	TSC_TO_RAX rdtsc
	sub rax, r9
	ret

bench_sig_handler:
	ret					; an empty handler: straight to the restorer

; unsigned long bench_rdtsc(void): the TSC now.
global bench_rdtsc
bench_rdtsc:
	TSC_TO_RAX rdtsc
	ret

; unsigned int bench_cpuid_edx(unsigned int leaf): CPUID(leaf).edx.
global bench_cpuid_edx
bench_cpuid_edx:
	push rbx				; CPUID writes ebx, which C expects kept
	mov eax, edi
	xor ecx, ecx
	cpuid
	mov eax, edx
	pop rbx
	ret
