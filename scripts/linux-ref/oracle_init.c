// SPDX-License-Identifier: MIT
/*
 * /init of the Linux oracle's initramfs (tests/lib/linux_oracle.py): runs
 * programs on Linux the way trapdoor runs them, and reports what each printed
 * and how it ended on the second serial port.
 *
 * /oracle.list says what to run: a first line "TIMEOUT RUNS" (seconds per run,
 * and 1 or 2 runs per item), then for each item a line "ARGC" followed by
 * ARGC NUL-terminated strings, argv[0] first: the path of the program, which
 * is also what it is executed by, relative to / (the cwd) or absolute.
 *
 * Each item runs with the environment Linux gives init and trapdoor every
 * program (HOME=/, TERM=linux), stdin an empty pipe, in a process group of its
 * own. Run 1 gives stdout and stderr a pipe each; run 2 (if RUNS is 2) one
 * pipe for both, which keeps the order of the writes. After RUN seconds the
 * group is killed with SIGKILL. On /dev/ttyS1, in raw mode, one record per run:
 *
 *   @@oracle ITEM RUN status WAITSTATUS timeout 0|1 out LEN err LEN\n
 *   LEN bytes of stdout (run 2: both streams), LEN bytes of stderr
 *
 * then "@@oracle end\n", and it powers the machine off.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static char *const envp[] = { "HOME=/", "TERM=linux", NULL };
static int report;

struct buf {
	char *p;
	size_t len, cap;
};

static void append(struct buf *b, const char *data, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 4096;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("oracle: realloc");
			reboot(RB_POWER_OFF);
		}
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			perror("oracle: write to ttyS1");
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One run of argv: merged = one pipe for stdout and stderr. */
static void run(int item, int nrun, char **argv, int merged, int timeout)
{
	int in[2], out[2], err[2] = { -1, -1 };
	struct buf got[2] = { { 0 }, { 0 } };
	int status = 0, timed_out = 0;

	if (pipe(in) || pipe(out) || (!merged && pipe(err))) {
		perror("oracle: pipe");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(merged ? out[1] : err[1], 2);
		for (int fd = 3; fd < 64; fd++)
			close(fd);
		signal(SIGPIPE, SIG_DFL);
		execve(argv[0], argv, envp);
		dprintf(2, "oracle: cannot execute %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(in[0]);
	close(in[1]);
	close(out[1]);
	if (!merged)
		close(err[1]);
	struct pollfd fds[2] = { { out[0], POLLIN, 0 }, { merged ? -1 : err[0], POLLIN, 0 } };
	double deadline = now() + timeout;
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		int left = (int)((deadline - now()) * 1000);
		if (left <= 0 || poll(fds, 2, left) == 0) {
			if (timed_out)
				break;		/* killed, and the pipes are still open */
			timed_out = 1;
			kill(-pid, SIGKILL);
			deadline = now() + 5;	/* the pipes close when the group is gone */
			continue;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			char chunk[4096];
			ssize_t n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				append(&got[i], chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
		}
	}
	if (waitpid(pid, &status, 0) < 0)
		status = -1;
	kill(-pid, SIGKILL);			/* what it left behind */
	while (waitpid(-1, NULL, WNOHANG) > 0)	/* and orphans, ours as init's */
		;
	char head[160];
	int n = snprintf(head, sizeof(head), "@@oracle %d %d status %d timeout %d out %zu err %zu\n", item, nrun,
			 status, timed_out ? 1 : 0, got[0].len, got[1].len);
	write_all(report, head, (size_t)n);
	write_all(report, got[0].p ? got[0].p : "", got[0].len);
	write_all(report, got[1].p ? got[1].p : "", got[1].len);
	free(got[0].p);
	free(got[1].p);
	for (int fd = 3; fd < 64; fd++)
		if (fd != report)
			close(fd);
}

int main(void)
{
	static char list[1 << 20];
	struct termios tio;
	int timeout, runs;

	report = open("/dev/ttyS1", O_WRONLY | O_NOCTTY);
	if (report < 0 || tcgetattr(report, &tio) != 0) {
		perror("oracle: /dev/ttyS1");
		reboot(RB_POWER_OFF);
	}
	cfmakeraw(&tio);
	tcsetattr(report, TCSANOW, &tio);
	chdir("/");

	int fd = open("/oracle.list", O_RDONLY);
	ssize_t len = fd < 0 ? -1 : read(fd, list, sizeof(list) - 1);
	if (len <= 0 || sscanf(list, "%d %d", &timeout, &runs) != 2) {
		perror("oracle: /oracle.list");
		reboot(RB_POWER_OFF);
	}
	close(fd);
	list[len] = 0;
	char *p = strchr(list, '\n') + 1, *end = list + len;
	for (int item = 0; p < end; item++) {
		int argc = atoi(p);
		char *argv[256];
		p = strchr(p, '\n') + 1;
		for (int i = 0; i < argc && i < 255; i++) {
			argv[i] = p;
			p += strlen(p) + 1;
		}
		argv[argc < 255 ? argc : 255] = NULL;
		for (int r = 1; r <= runs; r++)
			run(item, r, argv, r == 2, timeout);
	}
	write_all(report, "@@oracle end\n", 13);
	tcdrain(report);
	reboot(RB_POWER_OFF);
	return 0;
}
