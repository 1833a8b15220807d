#ifndef JOURNEY_CTERMINALSUPPORT_H
#define JOURNEY_CTERMINALSUPPORT_H
/*
 * Signal plumbing for TerminalCurses, in C because it needs mutable static storage and
 * async-signal-safe handlers. No ncurses header here: the crash handler declares endwin itself.
 */

/* SIGINT, SIGTERM and SIGHUP only record the signal (no SA_RESTART, so a blocking read
 * returns). Install before the curses screen is opened: ncurses then leaves them alone
 * (its own handler would endwin and exit, losing unsaved work). Idempotent. */
void jt_install_signal_handlers(void);

/* The last of SIGINT/SIGTERM/SIGHUP received since the previous call, cleared; 0 if none. */
int jt_take_pending_signal(void);

/* Records `sig` as pending, as if it had been received (e.g. SIGHUP when input is gone). */
void jt_note_signal(int sig);

/* SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE: call endwin() if the curses screen is
 * active, then call the handler that was there before (Swift's backtracer) with the real
 * siginfo and context, so the report prints on a restored terminal, then die by the
 * signal's default action.
 * Captured stderr is replayed first, so Swift's "Fatal error: …" line shows too.
 * Runs on an alternate signal stack (installed if the thread has none). Idempotent. */
void jt_install_crash_handlers(void);

/* Turns the terminal's bracketed paste on (ESC[?2004h: pasted text arrives between
 * ESC[200~ and ESC[201~) or off (ESC[?2004l), writing to fd 1 after flushing stdio. While it
 * is on, the crash handler turns it off before endwin(), so the shell never gets marked pastes. */
void jt_set_bracketed_paste(int on);

/* Tells the crash handler whether curses mode is on (whether endwin() is due). */
void jt_set_curses_active(int active);

/* While curses owns the screen, anything written to stderr (a Swift "Fatal error" message,
 * a runtime warning) would land on the alternate screen and vanish, or garble the board.
 * jt_capture_stderr points fd 2 at an unlinked temporary file (only when stderr is a
 * terminal); jt_release_stderr puts the terminal back on fd 2 and replays what was captured
 * (its last 64 KiB). Release is async-signal-safe (the crash handler uses it) and idempotent. */
void jt_capture_stderr(void);
void jt_release_stderr(void);

/* Stops the process with SIGTSTP's default action (as the shell's Ctrl-Z would) and returns
 * once it is continued (`fg`). The caller has already called endwin(). */
void jt_suspend_self(void);

#endif
