// SPDX-License-Identifier: MIT
/*
 * indirect(call, params, size): a multiplexer in the style of the
 * sys_indirect proposal (Linux, 2007; docs/growing.md). The program passes a
 * system call, as a number and six arguments (struct indirect_call), and a
 * block of extra parameters beside it (struct indirect_params, which grows
 * by copy_struct_from_user's rules). The kernel keeps the parameters in the
 * task while it runs the call through the table of the entry the program
 * used; each call that understands them reads them there (kernel/sys_fd.c).
 *
 * Two things a SYSCALL_DEFINE call never needs are written out here:
 *   - a wrapper per ABI, because the body must know which table the wrapped
 *     number belongs to (dup is 32 through SYSCALL, 41 through int $0x80);
 *   - a list per ABI of the calls that may be wrapped. A call not written to
 *     read the parameters would silently ignore them, and some calls (the
 *     exits, rt_sigreturn) need the real frame, not the copy made here.
 */
#include <asm/nospec.h>
#include <asm/syscall.h>
#include <asm/uaccess.h>
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>
#include <trapdoor/syscalls.h>
#include <trapdoor/task.h>
#include <uapi/asm/errno.h>
#include <uapi/trapdoor/extend.h>

/* The wrappers that may be wrapped, one list per table (generated in build/gen/syscall_table_*.c). */
long __x64_sys_dup(const struct pt_regs *regs);
long __x64_sys_dup2(const struct pt_regs *regs);
long __x64_sys_fcntl(const struct pt_regs *regs);
long __ia32_sys_dup(const struct pt_regs *regs);
long __ia32_sys_dup2(const struct pt_regs *regs);
long __ia32_sys_fcntl(const struct pt_regs *regs);

struct indirect_abi {
	const sys_call_ptr_t *table;
	unsigned int size;
	const sys_call_ptr_t *allowed;	/* the whitelist, NULL-terminated */
	void (*load)(struct pt_regs *regs, const uint64_t *args);	/* the ABI's argument registers */
};

static void load_64(struct pt_regs *regs, const uint64_t *a)
{
	regs->di = a[0], regs->si = a[1], regs->dx = a[2], regs->r10 = a[3], regs->r8 = a[4], regs->r9 = a[5];
}

static void load_ia32(struct pt_regs *regs, const uint64_t *a)
{
	regs->bx = a[0], regs->cx = a[1], regs->dx = a[2], regs->si = a[3], regs->di = a[4], regs->bp = a[5];
}

static const sys_call_ptr_t allowed_64[] = { __x64_sys_dup, __x64_sys_dup2, __x64_sys_fcntl, NULL };
static const sys_call_ptr_t allowed_ia32[] = { __ia32_sys_dup, __ia32_sys_dup2, __ia32_sys_fcntl, NULL };

static const struct indirect_abi abi_64 = { sys_call_table, NR_syscalls, allowed_64, load_64 };
static const struct indirect_abi abi_ia32 = { ia32_sys_call_table, IA32_NR_syscalls, allowed_ia32, load_ia32 };

/* The wrapper in slot nr of the ABI's table if it may be wrapped, else NULL. */
static sys_call_ptr_t allowed_call(const struct indirect_abi *abi, uint64_t nr)
{
	if (nr >= abi->size)
		return NULL;
	sys_call_ptr_t fn = abi->table[array_index_nospec((unsigned int)nr, abi->size)];
	for (const sys_call_ptr_t *a = abi->allowed; *a; a++)
		if (*a == fn)
			return fn;
	return NULL;
}

static long do_indirect(const struct indirect_call __user *ucall, const void __user *uparams,
			size_t size, const struct indirect_abi *abi)
{
	struct indirect_params params;
	struct indirect_call call;
	struct pt_regs regs;

	if (size < INDIRECT_PARAMS_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	int err = copy_struct_from_user(&params, sizeof(params), uparams, size);
	if (err)
		return err;
	if (params.file_flags & ~O_CLOEXEC)
		return -EINVAL;
	if (copy_from_user(&call, ucall, sizeof(call)))
		return -EFAULT;
	sys_call_ptr_t fn = allowed_call(abi, call.nr);
	if (!fn)
		return -EINVAL;

	memset(&regs, 0, sizeof(regs));
	regs.orig_ax = call.nr;
	abi->load(&regs, call.args);
	current->indirect_file_flags = params.file_flags;
	long ret = fn(&regs);
	current->indirect_file_flags = 0;
	return ret;
}

/* The two wrappers SYSCALL_DEFINE3 would make, had the body not needed the ABI. */
long __x64_sys_indirect(const struct pt_regs *regs);
long __x64_sys_indirect(const struct pt_regs *regs)
{
	return do_indirect((const void __user *)regs->di, (const void __user *)regs->si, regs->dx, &abi_64);
}

long __ia32_sys_indirect(const struct pt_regs *regs);
long __ia32_sys_indirect(const struct pt_regs *regs)
{
	return do_indirect((const void __user *)(unsigned long)(unsigned int)regs->bx,
			   (const void __user *)(unsigned long)(unsigned int)regs->cx,
			   (unsigned int)regs->dx, &abi_ia32);
}

/* What SYSCALL_DEFINE3 would record for the tracer. */
static const char *const indirect_types[] = { "const struct indirect_call *", "const void *", "size_t" };
static const char *const indirect_args[] = { "call", "params", "size" };
SYSCALL_METADATA(indirect, 3, indirect_types, indirect_args);
