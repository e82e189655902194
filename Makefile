# trapdoor: a small x86-64 kernel about system calls.
#
# Targets:
#   make             build build/trapdoor.elf, the user programs and build/trapdoor.iso
#   make run         boot it under QEMU; the serial console is your terminal
#   make debug       the same, paused, with GDB attached (scripts/gdb/)
#   make test        every test; ends with "N passed, N failed"
#   make check-linux-data  also check the tracer's Linux tables against linux-source-6.1 (slow)
#   make walk        every instruction of one getpid() round trip, every entry (64- and 32-bit)
#   make bench       the cost of a system call and of three real programs, beside Linux's
#   make compdb      build/compile_commands.json, the compile commands, for editors
#   make unit-tests  build the host unit tests (make test runs them)
#   make deps        install what a fresh Debian 12 lacks (the first make does it)
#   make experiments  build and measure every VARIANT, write docs/experiments.md
#   make kernel      build build/trapdoor.elf only (with VARIANT=NAME: that variant's)
#   make help        this text
#   make clean       remove build/
#
# Variables:
#   CMDLINE="strace"         kernel options: strace[=NAME,...][,summary], trap=ud|pf|de|gp|triple,
#                            cpulimit=SECONDS
#   PROGRAMS="a.elf x, b.elf"  what to run instead of init, in order: a comma-
#                            separated list, each a program and its arguments
#   QEMU_FLAGS=...           extra QEMU options, e.g. QEMU_FLAGS="-d int -D qemu.log"
#   ACCEL=kvm                KVM where it works (the default is TCG, pure emulation)
#   CC=clang                 another compiler
#   CROSS_COMPILE=x86_64-elf-  a prefix for gcc, ld and nm
#   V=1                      show the build commands
#   VARIANT=NAME             an experiment (docs/experiments.md), never the default:
#                            fastpath, noclear, sysret-flag or iret-only; built in
#                            build/variant-NAME/, e.g. make VARIANT=fastpath bench
#   GDB_PORT=1234, GDB=gdb-multiarch, TRAPDOOR_USER_ELF=...   for make debug
#
# make run exits 0 if every program exited with status 0, else 2: GNU make
# exits 2 whenever a command fails. The script under it, scripts/qemu-run.sh,
# ends with a line giving its own status, 0 to 4, and what it means (make's
# "Error N" line after it repeats N); to get that status as an exit status,
# run the script: sh scripts/qemu-run.sh build/trapdoor.iso

BUILD	:= build

# ---- Experiments (docs/experiments.md) ------------------------------------------
# VARIANT=NAME compiles the kernel with -DVARIANT_NAME (sysret-flag: VARIANT_SYSRET_FLAG)
# into its own build/variant-NAME/, so it never mixes with the default build.
VARIANTS := fastpath noclear sysret-flag iret-only
ifneq ($(VARIANT),)
ifeq ($(filter $(VARIANT),$(VARIANTS)),)
$(error VARIANT=$(VARIANT): not one of $(VARIANTS))
endif
BUILD	:= build/variant-$(VARIANT)
VARIANT_FLAGS := -DVARIANT_$(subst -,_,$(shell echo $(VARIANT) | tr a-z A-Z))
endif
GEN	:= $(BUILD)/gen

ifeq ($(origin CC),default)
CC	:= $(CROSS_COMPILE)gcc
endif
LD	:= $(CROSS_COMPILE)ld
NM	:= $(CROSS_COMPILE)nm
NASM	:= nasm
HOSTCC	:= gcc
PYTHON	:= python3

ifeq ($(V),1)
Q :=
else
Q := @
endif

# ---- Flags -----------------------------------------------------------------
COMMON_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -nostdlib \
	-fno-pic -fno-pie -fno-stack-protector -fcf-protection=none \
	-fno-asynchronous-unwind-tables -fno-builtin -Iinclude -MMD -MP
# No SSE in the kernel, so 8-byte stack alignment is enough (as in Linux):
# functions need not pad the stack before each call.
KERNEL_CFLAGS := $(COMMON_CFLAGS) -mno-red-zone -mcmodel=kernel -mgeneral-regs-only \
	-Wmissing-prototypes -I$(GEN)/include $(VARIANT_FLAGS) \
	$(if $(findstring clang,$(CC)),-mstack-alignment=8,-mpreferred-stack-boundary=3)
USER_CFLAGS := $(COMMON_CFLAGS) -Iuser/include -I$(GEN)/uapi
NASMFLAGS := -f elf64 -g -F dwarf -I$(GEN)/ -I$(GEN)/vdso/ -Iarch/x86/entry/ $(VARIANT_FLAGS)
LDFLAGS := -n -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

# ---- The kernel ---------------------------------------------------------------
KERNEL_C := $(wildcard kernel/*.c lib/*.c arch/x86/kernel/*.c arch/x86/mm/*.c arch/x86/entry/*.c)
KERNEL_ASM := $(wildcard boot/*.asm arch/x86/entry/*.asm) arch/x86/entry/vdso/vdso32_image.asm
GEN_C := $(GEN)/syscall_table_64.c $(GEN)/syscall_table_32.c \
	 $(GEN)/syscall_names_64.c $(GEN)/syscall_names_32.c \
	 $(GEN)/linux_syscalls.c
GEN_H := $(GEN)/include/asm/syscall_nr_64.h $(GEN)/include/asm/syscall_nr_32.h \
	 $(GEN)/uapi/asm/unistd_64.h $(GEN)/uapi/asm/unistd_32.h $(GEN)/asm-offsets.inc \
	 $(GEN)/include/asm/vdso32.h
KERNEL_OBJS := $(KERNEL_C:%.c=$(BUILD)/%.o) $(KERNEL_ASM:%.asm=$(BUILD)/%.o) $(GEN_C:%.c=%.o)
KERNEL := $(BUILD)/trapdoor.elf
# A variant adds its own files (arch/x86/entry/experiments/); the default build has none.
ifneq ($(VARIANT),)
KERNEL_OBJS += $(patsubst %.c,$(BUILD)/%.o,$(wildcard arch/x86/entry/experiments/$(VARIANT).c))
endif
ifeq ($(VARIANT),fastpath)
KERNEL_OBJS += $(GEN)/fast_sys_call_table.o
endif

# ---- User programs ------------------------------------------------------------
USER_LIB_OBJS := $(BUILD)/user/crt0.o $(BUILD)/user/sys.o $(BUILD)/user/lib/libc.o \
		 $(BUILD)/user/lib/string.o $(BUILD)/user/lib/vsnprintf.o
USER_PROGS := $(patsubst user/%.c,$(BUILD)/user/%.elf,$(wildcard user/*.c)) \
	      $(patsubst user/ia32/%.asm,$(BUILD)/user/ia32/%.elf,$(wildcard user/ia32/*.asm))
# i386 programs for the walk and the bench (rules with theirs, below)
IA32_WALK_PROGS := $(BUILD)/user/ia32/walk32.elf $(BUILD)/user/ia32/getpid32.elf

# PROGRAMS and CMDLINE reach scripts/mkiso.sh through the environment, as the
# user typed them: make does not expand their "$" and no shell parses them.
comma := ,
ifeq ($(origin PROGRAMS),undefined)
PROGRAMS_LIST := $(BUILD)/user/init.elf
else
PROGRAMS_LIST := $(value PROGRAMS)
endif
KERNEL_OPTIONS := $(value CMDLINE)
export PROGRAMS_LIST KERNEL_OPTIONS
# The files among its words (the programs), so that the ISO follows them.
PROGRAM_FILES := $(wildcard $(foreach w,$(subst $(comma), ,$(PROGRAMS_LIST)),$(if $(findstring /,$w),$w)))
ISO := $(BUILD)/trapdoor.iso

DEPS_OK := $(BUILD)/.deps-ok
TEST_DEPS_OK := $(BUILD)/.test-deps-ok
BENCH_DEPS_OK := $(BUILD)/.bench-deps-ok

.PHONY: all run debug test check-linux-data clean deps unit-tests FORCE
all: $(ISO) $(USER_PROGS)

# Install what a fresh Debian 12 lacks (or say exactly what to run).
$(DEPS_OK): scripts/install-deps.sh
	$(Q)sh scripts/install-deps.sh
	$(Q)mkdir -p $(BUILD) && touch $@
deps: $(DEPS_OK)
# make test also needs musl-gcc, a static busybox and Linux's source (tests/suites/realprogs.py).
$(TEST_DEPS_OK): scripts/install-deps.sh
	$(Q)sh scripts/install-deps.sh test
	$(Q)mkdir -p $(BUILD) && touch $@
# make bench runs real programs too (scripts/progwalk.py): the same, less Linux's source.
$(BENCH_DEPS_OK): scripts/install-deps.sh
	$(Q)sh scripts/install-deps.sh bench
	$(Q)mkdir -p $(BUILD) && touch $@

# ---- Generated files ------------------------------------------------------------
TBL64 := arch/x86/entry/syscalls/syscall_64.tbl
TBL32 := arch/x86/entry/syscalls/syscall_32.tbl
SYSCALLTBL := scripts/syscalltbl.sh

$(GEN)/syscall_table_64.c: $(TBL64) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) table 64 $< $@
$(GEN)/syscall_table_32.c: $(TBL32) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) table 32 $< $@
$(GEN)/syscall_names_64.c: $(TBL64) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) names 64 $< $@
$(GEN)/syscall_names_32.c: $(TBL32) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) names 32 $< $@
$(GEN)/include/asm/syscall_nr_64.h: $(TBL64) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) nr 64 $< $@
$(GEN)/include/asm/syscall_nr_32.h: $(TBL32) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) nr 32 $< $@
$(GEN)/uapi/asm/unistd_64.h: $(TBL64) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) unistd 64 $< $@
$(GEN)/uapi/asm/unistd_32.h: $(TBL32) $(SYSCALLTBL)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLTBL) unistd 32 $< $@

# The fastpath experiment's table of register-ABI functions (__se_sys_*).
$(GEN)/fast_sys_call_table.c: $(TBL64) scripts/fastpath-table.py $(wildcard kernel/*.c arch/x86/kernel/*.c)
	$(Q)mkdir -p $(dir $@) && $(PYTHON) scripts/fastpath-table.py $(TBL64) $@

# Every Linux system call, implemented or not, for the tracer: recorded from
# Linux's source by scripts/linux-syscalls.py (not run by make: the data is
# in the tree, so no Linux source is needed to build).
LINUX64 := arch/x86/entry/syscalls/linux_64.tsv
LINUX32 := arch/x86/entry/syscalls/linux_32.tsv
SYSCALLSIGS := scripts/syscallsigs.sh

$(GEN)/linux_syscalls.c: $(LINUX64) $(LINUX32) $(SYSCALLSIGS)
	$(Q)mkdir -p $(dir $@) && sh $(SYSCALLSIGS) $(LINUX64) $(LINUX32) $@

# The 32-bit vDSO: a 32-bit ELF shared object of its own (never linked into
# the kernel), which vdso32_image.asm includes byte for byte; vdso32.h says
# where its symbols are, for kernel/vdso.c.
VDSO32_LDS := arch/x86/entry/vdso/vdso32.lds
$(GEN)/vdso/vdso32.o: arch/x86/entry/vdso/vdso32.asm | $(DEPS_OK)
	@echo "  NASM    $< (32-bit vDSO)"
	$(Q)mkdir -p $(dir $@) && $(NASM) -f elf32 -o $@ $<
$(GEN)/vdso/vdso32.so: $(GEN)/vdso/vdso32.o $(VDSO32_LDS)
	@echo "  LD      $@"
	$(Q)$(LD) -m elf_i386 -shared -soname linux-gate.so.1 --hash-style=both -z noexecstack \
		-T $(VDSO32_LDS) -o $@ $<
$(GEN)/include/asm/vdso32.h: $(GEN)/vdso/vdso32.so
	$(Q)mkdir -p $(dir $@) && $(NM) $< | awk 'BEGIN { print "/* generated from vdso32.so by the Makefile: do not edit */" } \
		$$3 ~ /^(__kernel_vsyscall|__kernel_sigreturn|__kernel_rt_sigreturn|vsyscall_fast|int80_landing_pad)$$/ { printf "#define VDSO32_%s 0x%s\n", $$3, $$1 }' > $@
$(BUILD)/arch/x86/entry/vdso/vdso32_image.o: $(GEN)/vdso/vdso32.so

# NASM learns the pt_regs and per-CPU offsets from the C structs.
$(GEN)/asm-offsets.s: arch/x86/asm-offsets.c $(DEPS_OK) | $(GEN)/include/asm/syscall_nr_64.h $(GEN)/include/asm/syscall_nr_32.h
	@echo "  GEN     $(GEN)/asm-offsets.inc"
	$(Q)mkdir -p $(dir $@) && $(CC) $(KERNEL_CFLAGS) -S -o $@ $<
$(GEN)/asm-offsets.inc: $(GEN)/asm-offsets.s scripts/asm-offsets.sh
	$(Q)sh scripts/asm-offsets.sh $< $@

# ---- Compiling ----------------------------------------------------------------
$(BUILD)/%.o: %.c | $(GEN_H) $(DEPS_OK)
	@echo "  CC      $<"
	$(Q)mkdir -p $(dir $@) && $(CC) $(KERNEL_CFLAGS) -Iarch/x86/entry -c -o $@ $<
$(GEN)/%.o: $(GEN)/%.c | $(GEN_H)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c -o $@ $<
$(BUILD)/%.o: %.asm $(GEN)/asm-offsets.inc arch/x86/entry/calling.inc | $(DEPS_OK)
	@echo "  NASM    $<"
	$(Q)mkdir -p $(dir $@) && $(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -o $@ $<

$(KERNEL): $(KERNEL_OBJS) linker.ld
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -T linker.ld -o $@ $(KERNEL_OBJS)

# User programs: the same lib/ sources, compiled for ring 3.
$(BUILD)/user/%.o: user/%.c | $(GEN_H) $(DEPS_OK)
	@echo "  CC      $< (user)"
	$(Q)mkdir -p $(dir $@) && $(CC) $(USER_CFLAGS) -c -o $@ $<
$(BUILD)/user/lib/%.o: lib/%.c | $(GEN_H)
	@echo "  CC      $< (user)"
	$(Q)mkdir -p $(dir $@) && $(CC) $(USER_CFLAGS) -c -o $@ $<
$(BUILD)/user/%.o: user/%.asm | $(DEPS_OK)
	@echo "  NASM    $<"
	$(Q)mkdir -p $(dir $@) && $(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -o $@ $<
# user/ia32/*.asm: 32-bit programs without a C library (NASM and ld: no 32-bit toolchain needed).
$(BUILD)/user/ia32/%.elf: user/ia32/%.asm | $(DEPS_OK)
	@echo "  NASM    $< (32-bit)"
	$(Q)mkdir -p $(dir $@) && $(NASM) -f elf32 -o $(@:.elf=.o) $< && \
		$(LD) -m elf_i386 -z noexecstack -o $@ $(@:.elf=.o)
$(BUILD)/user/%.elf: $(BUILD)/user/%.o $(USER_LIB_OBJS) user/user.ld
	@echo "  LD      $@"
	$(Q)$(LD) -static -z max-page-size=0x1000 -z noexecstack -T user/user.ld -o $@ $(USER_LIB_OBJS) $<

# ---- The bootable ISO ------------------------------------------------------------
# Rebuilt when the kernel, the programs or the options change.
$(BUILD)/iso.args: FORCE
	$(Q)mkdir -p $(BUILD) && printf '%s|%s\n' "$$KERNEL_OPTIONS" "$$PROGRAMS_LIST" | cmp -s - $@ || \
		printf '%s|%s\n' "$$KERNEL_OPTIONS" "$$PROGRAMS_LIST" > $@
$(ISO): $(KERNEL) $(USER_PROGS) $(PROGRAM_FILES) $(BUILD)/iso.args scripts/mkiso.sh
	@echo "  ISO     $@"
	$(Q)sh scripts/mkiso.sh $@ $(KERNEL) "$$KERNEL_OPTIONS" "$$PROGRAMS_LIST"
FORCE:
.SECONDARY:

# GNU make exits 2 for a failed command, whatever its status: the script's last
# line says which status it was and what it means.
run: $(ISO)
	$(Q)sh scripts/qemu-run.sh $(ISO) $(QEMU_FLAGS)

debug: $(ISO)
	$(Q)sh scripts/debug.sh $(ISO) $(QEMU_FLAGS)

# ---- Tests ------------------------------------------------------------------
HOST_TESTS := $(BUILD)/tests/unit/test_lib $(BUILD)/tests/unit/test_syscall_wrappers \
	      $(BUILD)/tests/unit/test_sysret $(BUILD)/tests/unit/test_usercopy
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -fno-builtin -Iinclude

$(BUILD)/tests/unit/test_lib: tests/unit/test_lib.c lib/string.c lib/vsnprintf.c tests/unit/tap.h tests/unit/host_rename.h
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(HOST_CFLAGS) -include tests/unit/host_rename.h -o $@ \
		tests/unit/test_lib.c lib/string.c lib/vsnprintf.c
$(BUILD)/tests/unit/test_usercopy: tests/unit/test_usercopy.c lib/usercopy.c lib/string.c tests/unit/tap.h tests/unit/host_rename.h include/asm/uaccess.h
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(HOST_CFLAGS) -include tests/unit/host_rename.h -o $@ \
		tests/unit/test_usercopy.c lib/usercopy.c lib/string.c
$(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/tap.h $(wildcard include/*/*.h) arch/x86/entry/sysret.h
	@echo "  HOSTCC  $@"
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(HOST_CFLAGS) -Iarch/x86/entry -o $@ $<

# The host tests need the C library's headers (libc6-dev), one of make test's packages.
$(HOST_TESTS): | $(TEST_DEPS_OK)
unit-tests: $(HOST_TESTS)

test: $(KERNEL) $(USER_PROGS) $(HOST_TESTS) $(DEPS_OK) $(TEST_DEPS_OK) $(IA32_WALK_PROGS)
	$(Q)$(PYTHON) tests/run_tests.py

check-linux-data: $(DEPS_OK) $(TEST_DEPS_OK)
	$(Q)TRAPDOOR_LINUX_SOURCE_CHECK=1 $(PYTHON) tests/run_tests.py linux_syscalls

# ---- Instruction walk and benchmark (scripts/walk.py, scripts/bench.py) ------
# walk.elf and bench.elf each link one extra NASM file of their own.
.PHONY: walk bench
$(BUILD)/user/walk.elf: $(BUILD)/user/walk.o $(BUILD)/user/walk_asm.o $(USER_LIB_OBJS) user/user.ld
	@echo "  LD      $@"
	$(Q)$(LD) -static -z max-page-size=0x1000 -z noexecstack -T user/user.ld -o $@ $(USER_LIB_OBJS) $(BUILD)/user/walk.o $(BUILD)/user/walk_asm.o
$(BUILD)/user/bench.elf: $(BUILD)/user/bench.o $(BUILD)/user/bench_asm.o $(USER_LIB_OBJS) user/user.ld
	@echo "  LD      $@"
	$(Q)$(LD) -static -z max-page-size=0x1000 -z noexecstack -T user/user.ld -o $@ $(USER_LIB_OBJS) $(BUILD)/user/bench.o $(BUILD)/user/bench_asm.o

# The 32-bit (i386) programs the walk and the bench run: no C library, gcc -m32
# (getpid32 needs the 32-bit libgcc for its 64-bit division: gcc-12-multilib).
IA32_CFLAGS := -m32 -static -nostdlib -fno-pie -no-pie -ffreestanding -O2 -Wall -Wextra -Werror \
	-fno-asynchronous-unwind-tables -fcf-protection=none -Wl,-z,noexecstack
$(BUILD)/user/ia32/walk32.elf: user/ia32/walk32.c user/ia32/walk32_asm.S
	@echo "  CC      $@ (i386)"
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(IA32_CFLAGS) -o $@ $^
$(BUILD)/user/ia32/getpid32.elf: user/ia32/getpid32.c user/ia32/getpid32_loop.S
	@echo "  CC      $@ (i386)"
	$(Q)mkdir -p $(dir $@) && $(HOSTCC) $(IA32_CFLAGS) -o $@ $^ -lgcc

walk: $(KERNEL) $(BUILD)/user/walk.elf $(BUILD)/user/ia32/walk32.elf $(DEPS_OK)
	$(Q)$(PYTHON) scripts/walk.py

ifeq ($(VARIANT),)
bench: $(KERNEL) $(BUILD)/user/bench.elf $(BUILD)/user/walk.elf $(IA32_WALK_PROGS) $(DEPS_OK) $(BENCH_DEPS_OK)
	$(Q)$(PYTHON) scripts/bench.py
else
# A variant: its kernel with the default build's programs, walked and held to its guard.
bench: $(KERNEL) $(DEPS_OK)
	$(Q)$(MAKE) --no-print-directory VARIANT= build/user/walk.elf build/user/bench.elf build/user/ia32/walk32.elf
	$(Q)$(PYTHON) scripts/experiments.py --only $(VARIANT)
endif
# ---- end of walk and bench ------------------------------------------------------

# ---- Experiments: every VARIANT built, walked and measured (scripts/experiments.py)
.PHONY: experiments kernel
kernel: $(KERNEL)
experiments: $(DEPS_OK)
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/user/walk.elf $(BUILD)/user/bench.elf $(BUILD)/user/ia32/walk32.elf
	$(Q)$(PYTHON) scripts/experiments.py --write docs/experiments.md

# ---- Help and compile_commands.json --------------------------------------------
.PHONY: help compdb
help:	# the comment at the top of this file
	@sed -n '/^[^#]/q; s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# What make would run to build everything, as editors (clangd) read it. clangd
# finds build/compile_commands.json by itself.
compdb: $(GEN_H) $(GEN_C)
	$(Q)$(PYTHON) scripts/compdb.py $(BUILD)/compile_commands.json \
		all $(BUILD)/user/walk.elf $(BUILD)/user/bench.elf $(IA32_WALK_PROGS) unit-tests
	@echo "  GEN     $(BUILD)/compile_commands.json"

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
