/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_SERIAL_H
#define _TRAPDOOR_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t len);
char serial_getc(void);
bool serial_has_input(void);

#endif
