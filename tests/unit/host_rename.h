/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/host_rename.h - build lib/ on the host beside the host's libc.
 *
 * The host unit tests link lib/string.c and lib/vsnprintf.c into an ordinary
 * Linux program, which also has glibc's memcpy, snprintf and friends.  This
 * header is force-included first (gcc -include) into the lib files and the
 * test, and renames every lib symbol with a td_ prefix, so the test calls
 * trapdoor's code and glibc keeps its own.  Build with -fno-builtin as well,
 * or gcc may answer strlen("abc") itself instead of calling td_strlen.
 *
 * Host headers are renamed too: <stdio.h> then declares td_snprintf with
 * glibc's prototype, which is harmless (it matches ours) and even useful
 * (gcc checks that the two agree).
 */
#ifndef _TRAPDOOR_HOST_RENAME_H
#define _TRAPDOOR_HOST_RENAME_H

/*
 * _FORTIFY_SOURCE (on by default with optimisation on some distributions)
 * makes <stdio.h> define inline wrappers named snprintf and vsnprintf that
 * call glibc's checked versions; renamed, they would quietly replace ours.
 */
#undef _FORTIFY_SOURCE

#define memcpy		td_memcpy
#define memmove		td_memmove
#define memset		td_memset
#define memcmp		td_memcmp
#define strlen		td_strlen
#define strnlen		td_strnlen
#define strcmp		td_strcmp
#define strncmp		td_strncmp
#define strchr		td_strchr
#define strrchr		td_strrchr
#define strlcpy		td_strlcpy
#define vsnprintf	td_vsnprintf
#define snprintf	td_snprintf

#endif /* _TRAPDOOR_HOST_RENAME_H */
