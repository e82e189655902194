/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_ASM_PRCTL_H
#define _UAPI_ASM_PRCTL_H

/* arch_prctl's codes: the FS and GS bases a 64-bit program uses for TLS. */
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

#endif
