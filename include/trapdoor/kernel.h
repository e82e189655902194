/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_KERNEL_H
#define _TRAPDOOR_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <trapdoor/compiler.h>

/* kernel/printk.c: formatted output to the serial console. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);

/* kernel/panic.c: report and stop QEMU with a failing status. */
__noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* kernel/power.c: how QEMU ends; the comment there maps these to exit statuses. */
enum exit_code {
	EXIT_ALL_PASSED	= 0x10,	/* every program exited with status 0: QEMU exits 33 */
	EXIT_SOME_FAILED = 0x11,	/* a program failed or was killed: QEMU exits 35 */
	EXIT_PANIC	= 0x12,	/* the kernel panicked: QEMU exits 37 */
};
__noreturn void power_off(enum exit_code code);

/* kernel/cmdline.c: the kernel command line, "key" and "key=value" words. */
void cmdline_init(const char *line);
void cmdline_check(void);	/* warn about unknown options, listing the known ones */
const char *cmdline_get(const char *key);	/* value, "" for a bare key, NULL if absent */
bool cmdline_has(const char *key);
const char *cmdline_raw(void);

/* kernel/random.c: 64 bits of randomness, good for seeds, not for keys. */
uint64_t random_u64(void);

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

#endif
