#define _GNU_SOURCE 1
#include "CTerminalSupport.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Provided by ncursesw (linked through CNcurses). Weak, so this target links on its own. */
extern int endwin(void) __attribute__((weak));

static volatile sig_atomic_t pending_signal = 0;
static volatile sig_atomic_t curses_active = 0;
static int signals_installed = 0;
static int crash_installed = 0;

static void on_quit_signal(int sig) {
    pending_signal = sig;
}

void jt_install_signal_handlers(void) {
    if (signals_installed) return;
    signals_installed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_quit_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: get_wch returns, the app loop polls */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int jt_take_pending_signal(void) {
    return __atomic_exchange_n(&pending_signal, 0, __ATOMIC_SEQ_CST);
}

void jt_note_signal(int sig) {
    pending_signal = sig;
}

/* ---- crash handling ---- */

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
#define CRASH_COUNT ((int)(sizeof crash_signals / sizeof crash_signals[0]))
static struct sigaction previous[CRASH_COUNT];
static char alt_stack[64 * 1024];

static void on_crash(int sig, siginfo_t *info, void *context) {
    (void)context;
    if (curses_active && endwin) {
        curses_active = 0;
        endwin();
    }
    /* Put back whatever handled this signal before us (the Swift runtime's backtracer, or
     * SIG_DFL). A fault the kernel raised (si_code > 0) recurs when we return, at the same
     * instruction, so the next handler sees the real context; anything else is re-raised
     * (it is delivered as soon as this handler returns). int3 does not recur: re-raise. */
    for (int i = 0; i < CRASH_COUNT; i++) {
        if (crash_signals[i] == sig) {
            sigaction(sig, &previous[i], NULL);
            break;
        }
    }
    if (info == NULL || info->si_code <= 0 || sig == SIGTRAP || sig == SIGABRT) {
        raise(sig);
    }
}

void jt_install_crash_handlers(void) {
    if (crash_installed) return;
    crash_installed = 1;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
        stack_t ss;
        memset(&ss, 0, sizeof ss);
        ss.ss_sp = alt_stack;
        ss.ss_size = sizeof alt_stack;
        ss.ss_flags = 0;
        sigaltstack(&ss, NULL);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_crash;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (int i = 0; i < CRASH_COUNT; i++) {
        sigaction(crash_signals[i], &sa, &previous[i]);
    }
}

void jt_set_curses_active(int active) {
    curses_active = active ? 1 : 0;
}

void jt_suspend_self(void) {
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &old);

    sigset_t tstp, oldmask;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &tstp, &oldmask);
    raise(SIGTSTP); /* stops here until SIGCONT */
    sigprocmask(SIG_SETMASK, &oldmask, NULL);

    sigaction(SIGTSTP, &old, NULL);
}
