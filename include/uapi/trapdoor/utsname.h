/* SPDX-License-Identifier: MIT */
#ifndef _UAPI_TRAPDOOR_UTSNAME_H
#define _UAPI_TRAPDOOR_UTSNAME_H

/* What uname() fills in: Linux's struct new_utsname, six 65-byte strings. */
#define __NEW_UTS_LEN 64

struct new_utsname {
	char sysname[__NEW_UTS_LEN + 1];
	char nodename[__NEW_UTS_LEN + 1];
	char release[__NEW_UTS_LEN + 1];
	char version[__NEW_UTS_LEN + 1];
	char machine[__NEW_UTS_LEN + 1];
	char domainname[__NEW_UTS_LEN + 1];
};

#endif
