// SPDX-License-Identifier: MIT
/*
 * sigdefault KIND: signals with their default action, or none that can run.
 * Without fork() there is no child to kill and watch, so each fatal case is a
 * program of its own: how it ends (killed by which signal) is the result.
 *
 *   term, usr1, kill     raise(SIGTERM / SIGUSR1 / SIGKILL) with SIG_DFL: killed by it
 *   abort                abort(): killed by SIGABRT
 *   ignored              SIGCHLD, SIGURG, SIGWINCH, SIGCONT with SIG_DFL, and SIGTERM
 *                        with SIG_IGN: nothing happens, the program goes on
 *   blocked              SIGTERM raised while blocked stays pending; unblocking kills
 *   exit-in-handler      a handler that calls _exit(3): exit status 3
 *   fault-in-handler     a SIGSEGV handler that faults itself: killed by SIGSEGV
 *   blocked-segv         a fault while SIGSEGV is blocked: killed by SIGSEGV anyway
 *   ignored-segv         a fault while SIGSEGV is SIG_IGN: killed by SIGSEGV anyway
 *
 * Each prints what it is about to do first, and "still here" if it survives.
 */
#define _GNU_SOURCE
#include "sigcommon.h"

static int *volatile unmapped = (int *)8;	/* the page at 0 is never mapped */

static void fault(void)
{
	*unmapped = 1;
}

static void exiting_handler(int sig)
{
	printf("the %s handler calls _exit(3)\n", sig_name(sig));
	_exit(3);
}

static void faulting_handler(int sig)
{
	printf("the %s handler faults\n", sig_name(sig));
	fault();
	printf("the handler's own fault was survived\n");
}

static void catcher(int sig)
{
	printf("a handler ran for %s\n", sig_name(sig));
}

int main(int argc, char **argv)
{
	const char *kind = argc == 2 ? argv[1] : "";
	sigset_t pend;

	line_buffered();
	if (strcmp(kind, "term") == 0 || strcmp(kind, "usr1") == 0 || strcmp(kind, "kill") == 0) {
		int sig = kind[0] == 't' ? SIGTERM : kind[0] == 'u' ? SIGUSR1 : SIGKILL;

		printf("raising %s with its default action\n", sig_name(sig));
		raise(sig);
	} else if (strcmp(kind, "abort") == 0) {
		printf("calling abort()\n");
		abort();
	} else if (strcmp(kind, "ignored") == 0) {
		static const int sigs[] = { SIGCHLD, SIGURG, SIGWINCH, SIGCONT };

		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			printf("raise(%s) with its default action returned %d\n", sig_name(sigs[i]), raise(sigs[i]));
		signal(SIGTERM, SIG_IGN);
		printf("raise(SIGTERM) with SIG_IGN returned %d\n", raise(SIGTERM));
		printf("kill(getpid(), SIGTERM) with SIG_IGN returned %d\n", kill(getpid(), SIGTERM));
		sigemptyset(&pend);
		sigpending(&pend);
		printf("none of them is pending: %s\n", yes(!sigismember(&pend, SIGTERM) && !sigismember(&pend, SIGURG)));
	} else if (strcmp(kind, "blocked") == 0) {
		mask(SIG_BLOCK, SIGTERM);
		printf("raise(SIGTERM) while blocked returned %d\n", raise(SIGTERM));
		sigemptyset(&pend);
		sigpending(&pend);
		printf("SIGTERM is pending: %s; unblocking it\n", yes(sigismember(&pend, SIGTERM)));
		mask(SIG_UNBLOCK, SIGTERM);
	} else if (strcmp(kind, "exit-in-handler") == 0) {
		on(SIGUSR1, exiting_handler, 0, 0, 0);
		printf("raising SIGUSR1\n");
		raise(SIGUSR1);
	} else if (strcmp(kind, "fault-in-handler") == 0) {
		on(SIGSEGV, faulting_handler, 0, 0, 0);
		printf("faulting once\n");
		fault();
	} else if (strcmp(kind, "blocked-segv") == 0) {
		on(SIGSEGV, catcher, 0, 0, 0);
		mask(SIG_BLOCK, SIGSEGV);
		printf("faulting with SIGSEGV blocked (and a handler set)\n");
		fault();
	} else if (strcmp(kind, "ignored-segv") == 0) {
		signal(SIGSEGV, SIG_IGN);
		printf("faulting with SIGSEGV set to SIG_IGN\n");
		fault();
	} else {
		fprintf(stderr, "usage: sigdefault term|usr1|kill|abort|ignored|blocked|exit-in-handler|"
			"fault-in-handler|blocked-segv|ignored-segv\n");
		return 2;
	}
	printf("still here\n");
	return 0;
}
