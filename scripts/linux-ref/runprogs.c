// SPDX-License-Identifier: MIT
/*
 * /init of the real-program initramfs (scripts/linux-ref/progs_linux.py): runs
 * the programs make bench measures on trapdoor, on Linux, under QEMU's
 * instruction log. Built static-pie: Linux maps it high (0x7f...), far from the
 * programs, which are static and linked at 0x400000, so that no address of
 * its code is also one of theirs.
 *
 * It mounts /proc (glibc's start-up reads /proc/self/exe), prints where its
 * two markers (progs.S) are, says "linux-ref: ready" and waits for a line on
 * the console, while progs_linux.py turns QEMU's log on. Then it runs each
 * line of /progs, "RUNS PATH ARG...", RUNS times: fork; the child calls
 * execve from ref_execve, with the environment Linux gives init and trapdoor
 * every program; the parent waits in ref_wait4. Last it copies the kernel's
 * text symbols to the second serial port, as init.c does, and powers off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

long ref_execve(const char *path, char *const argv[], char *const envp[]);
long ref_wait4(int pid, int *status, int options, void *rusage);
extern char ref_execve_syscall[], ref_wait4_return[];

#define MAX_ARGS 16

static char *const envp[] = { "HOME=/", "TERM=linux", NULL };

/* The text symbols of /proc/kallsyms ("address t name") to /dev/ttyS1. */
static void dump_kallsyms(void)
{
	char line[512], kind;
	FILE *in, *out;

	if (!(in = fopen("/proc/kallsyms", "r")) || !(out = fopen("/dev/ttyS1", "w"))) {
		perror("linux-ref: kallsyms");
		return;
	}
	while (fgets(line, sizeof(line), in))
		if (sscanf(line, "%*s %c", &kind) == 1 && (kind == 't' || kind == 'T'))
			fputs(line, out);
	fclose(out);
	printf("linux-ref: kallsyms copied\n");
}

/* One line of /progs: RUNS times PATH ARG... */
static void run_line(char *line)
{
	char *argv[MAX_ARGS + 1];
	int argc = 0, runs = atoi(strtok(line, " \n"));

	for (char *w; argc < MAX_ARGS && (w = strtok(NULL, " \n")); )
		argv[argc++] = w;
	argv[argc] = NULL;
	if (argc == 0)
		return;
	for (int i = 0; i < runs; i++) {
		int status = -1;
		pid_t pid = fork();

		if (pid == 0) {
			ref_execve(argv[0], argv, envp);
			_exit(127);
		}
		if (pid < 0 || ref_wait4(pid, &status, 0, NULL) != pid)
			perror("linux-ref: fork or wait4");
		printf("linux-ref: ran %s: wait status %#x\n", argv[0], status);
	}
}

int main(void)
{
	char line[512];
	FILE *progs;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		perror("linux-ref: mount /proc");
	printf("linux-ref: marks execve %p wait4 %p\n", (void *)ref_execve_syscall, (void *)ref_wait4_return);
	printf("linux-ref: ready\n");
	if (read(0, line, sizeof(line)) > 0 && (progs = fopen("/progs", "r"))) {
		while (fgets(line, sizeof(line), progs))
			run_line(line);
		fclose(progs);
	}
	printf("linux-ref: walked\n");
	dump_kallsyms();
	reboot(RB_POWER_OFF);
	return 0;
}
