// SPDX-License-Identifier: MIT
/* printk and panic: formatted messages on the serial console. */
#include <trapdoor/kernel.h>
#include <trapdoor/printf.h>
#include <trapdoor/serial.h>

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	serial_write(buf, min((size_t)n, sizeof(buf) - 1));
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/* Say what went wrong and end QEMU with the panic status. */
void panic(const char *fmt, ...)
{
	va_list ap;

	asm volatile("cli");
	printk("\nKernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	power_off(EXIT_PANIC);
}
