// SPDX-License-Identifier: MIT
/*
 * The kernel command line (from grub.cfg, or make run CMDLINE=...): words
 * separated by spaces, each "key" or "key=value". E.g. "strace=write trap=ud".
 *
 * A word no code reads would do nothing, silently: "stracee" traced nothing
 * and said nothing. So every option the kernel reads is listed in options[]
 * below, and cmdline_check() warns at boot about each word that is not.
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
static bool too_many;			/* words after the first CMDLINE_WORDS were dropped */

/* Every option the kernel reads with cmdline_get(): add yours here. */
static const struct option {
	const char *key;
	const char *usage;		/* how it is written, for the warning */
} options[] = {
	{ "strace", "strace[=NAME,...][,summary]" },	/* kernel/trace.c */
	{ "trap", "trap=ud|pf|de|gp|triple" },		/* arch/x86/kernel/selftest.c */
	{ "cpulimit", "cpulimit=SECONDS" },		/* kernel/timer.c */
	{ "vdso32", "vdso32=int80|sysenter|syscall" },	/* kernel/vdso.c */
};

static const struct option *find_option(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(options); i++)
		if (strcmp(options[i].key, key) == 0)
			return &options[i];
	return NULL;
}

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
	while (*p == ' ')		/* ends the last word read, if the loop stopped at the limit */
		*p++ = '\0';
	too_many = *p != '\0';
}

/* Warn about each word no option matches, listing the options, and about dropped words. */
void cmdline_check(void)
{
	for (int i = 0; i < nwords; i++) {
		if (find_option(keys[i]))
			continue;
		printk("trapdoor: warning: unknown kernel option \"%s\" ignored; the options are:", keys[i]);
		for (size_t k = 0; k < ARRAY_SIZE(options); k++)
			printk(" %s", options[k].usage);
		printk("\n");
	}
	if (too_many)
		printk("trapdoor: warning: only the first %d words of the command line are read\n",
		       CMDLINE_WORDS);
}

const char *cmdline_get(const char *key)
{
	if (!find_option(key))
		printk("trapdoor: warning: kernel option \"%s\" is read but not listed in "
		       "kernel/cmdline.c; add it there\n", key);
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
