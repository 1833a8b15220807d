#define _GNU_SOURCE 1
#include "CTerminalSupport.h"

#include <signal.h>
#include <stdio.h>
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

/* ---- stderr capture ---- */

static volatile int saved_stderr = -1;
static volatile int capture_fd = -1;

void jt_capture_stderr(void) {
    if (capture_fd >= 0 || !isatty(2)) return;
    FILE *f = tmpfile(); /* already unlinked */
    if (f == NULL) return;
    int fd = dup(fileno(f));
    fclose(f);
    if (fd < 0) return;
    fflush(stderr);
    int saved = dup(2);
    if (saved < 0 || dup2(fd, 2) < 0) {
        if (saved >= 0) close(saved);
        close(fd);
        return;
    }
    saved_stderr = saved;
    capture_fd = fd;
}

void jt_release_stderr(void) {
    int fd = capture_fd, saved = saved_stderr;
    if (fd < 0) return;
    capture_fd = -1;
    saved_stderr = -1;
    dup2(saved, 2);
    close(saved);
    off_t end = lseek(fd, 0, SEEK_END);
    if (end > 0) {
        lseek(fd, end > 65536 ? end - 65536 : 0, SEEK_SET);
        char buf[4096];
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) {
            char *p = buf;
            while (n > 0) {
                ssize_t w = write(2, p, (size_t)n);
                if (w <= 0) break;
                p += w;
                n -= w;
            }
        }
    }
    close(fd);
}

/* ---- crash handling ---- */

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
#define CRASH_COUNT ((int)(sizeof crash_signals / sizeof crash_signals[0]))
static struct sigaction previous[CRASH_COUNT];
static char alt_stack[64 * 1024];

/* ---- bracketed paste ---- */

static volatile sig_atomic_t bracketed_paste = 0;

static void write_all(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w <= 0) return;
        p += w;
        n -= (size_t)w;
    }
}

void jt_set_bracketed_paste(int on) {
    static const char enable[] = "\033[?2004h", disable[] = "\033[?2004l";
    fflush(stdout);
    if (on) write_all(enable, sizeof enable - 1);
    else write_all(disable, sizeof disable - 1);
    bracketed_paste = on ? 1 : 0;
}

static void on_crash(int sig, siginfo_t *info, void *context) {
    if (bracketed_paste) {
        /* the shell must not get pastes wrapped in ESC[200~ … ESC[201~ after we are gone */
        bracketed_paste = 0;
        write_all("\033[?2004l", 8);
    }
    if (curses_active && endwin) {
        curses_active = 0;
        endwin();
    }
    jt_release_stderr();
    /* Hand the crash to whoever handled it before us (Swift's backtracer prints the report),
     * with the real siginfo and context; then die by the default action. The handler was
     * entered with `sig` blocked, so the re-raised signal lands as soon as we return. */
    struct sigaction *prev = NULL;
    for (int i = 0; i < CRASH_COUNT; i++) {
        if (crash_signals[i] == sig) { prev = &previous[i]; break; }
    }
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    if (prev != NULL) {
        if (prev->sa_flags & SA_SIGINFO) {
            if (prev->sa_sigaction != NULL) prev->sa_sigaction(sig, info, context);
        } else if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
            prev->sa_handler(sig);
        }
    }
    sigaction(sig, &dfl, NULL);
    raise(sig);
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
