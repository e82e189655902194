// SPDX-License-Identifier: MIT
/*
 * A 16550 UART on COM1: the kernel's console. QEMU connects it to the
 * terminal (make run) or to a pipe (the tests). Output waits for the
 * transmitter to be empty. Input raises IRQ 4 when a byte arrives, so that a
 * reader can halt the CPU until then (kernel/sys_io.c); the interrupt only
 * wakes it, and the reader takes the bytes from the UART itself.
 */
#include <asm/io.h>
#include <trapdoor/serial.h>

#define COM1		0x3f8
#define UART_DATA	0	/* receive / transmit buffer (DLL when DLAB=1) */
#define UART_IER	1	/* interrupt enable (DLM when DLAB=1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_LSR_DR	0x01	/* a received byte is waiting */
#define UART_LSR_THRE	0x20	/* the transmitter can take a byte */
#define UART_LCR_DLAB	0x80	/* the first two registers are the divisor */
#define UART_LCR_8N1	0x03

/* 115200 baud, 8 data bits, no parity, one stop bit, FIFOs on, interrupts on received data. */
void serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DATA, 1);		/* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	outb(COM1 + UART_FCR, 0x07);		/* enable and clear both FIFOs */
	outb(COM1 + UART_MCR, 0x0b);		/* DTR, RTS, and OUT2, which lets the IRQ out */
	outb(COM1 + UART_IER, 0x01);		/* an interrupt when received data waits */
}

void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1 + UART_DATA, (uint8_t)c);
}

/* Write len bytes, turning "\n" into "\r\n" as a terminal expects. */
void serial_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

/* Wait for one byte from the other end. */
char serial_getc(void)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		;
	return (char)inb(COM1 + UART_DATA);
}

/* True if a byte is waiting, so a reader that already has data need not wait. */
bool serial_has_input(void)
{
	return inb(COM1 + UART_LSR) & UART_LSR_DR;
}
