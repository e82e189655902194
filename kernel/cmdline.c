// SPDX-License-Identifier: MIT
/*
 * The kernel command line (from grub.cfg, or make run CMDLINE=...): words
 * separated by spaces, each "key" or "key=value". E.g. "strace=write trap=ud".
 */
#include <trapdoor/kernel.h>
#include <trapdoor/string.h>

#define CMDLINE_MAX	512
#define CMDLINE_WORDS	32

static char line_copy[CMDLINE_MAX];	/* as given, for printing */
static char words[CMDLINE_MAX];		/* split: each key and value NUL-terminated */
static const char *keys[CMDLINE_WORDS];
static const char *values[CMDLINE_WORDS];
static int nwords;

void cmdline_init(const char *line)
{
	strlcpy(line_copy, line ? line : "", sizeof(line_copy));
	strlcpy(words, line_copy, sizeof(words));

	char *p = words;
	while (*p && nwords < CMDLINE_WORDS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		keys[nwords] = p;
		values[nwords] = "";
		while (*p && *p != ' ' && *p != '=')
			p++;
		if (*p == '=') {
			*p++ = '\0';
			values[nwords] = p;
			while (*p && *p != ' ')
				p++;
		}
		nwords++;
	}
}

const char *cmdline_get(const char *key)
{
	for (int i = nwords - 1; i >= 0; i--)	/* the last one given wins */
		if (strcmp(keys[i], key) == 0)
			return values[i];
	return NULL;
}

bool cmdline_has(const char *key)
{
	return cmdline_get(key) != NULL;
}

const char *cmdline_raw(void)
{
	return line_copy;
}
