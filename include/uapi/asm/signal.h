/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_ASM_SIGNAL_H
#define _UAPI_ASM_SIGNAL_H

/* The signals a fault in ring 3 is reported as: Linux's numbers. */
#define SIGILL		4
#define SIGTRAP		5
#define SIGBUS		7
#define SIGFPE		8
#define SIGSEGV		11

#endif
