#ifndef JOURNEY_CNCURSES_SHIM_H
#define JOURNEY_CNCURSES_SHIM_H
/*
 * The ncursesw surface TerminalCurses uses. Swift cannot import macros that are not simple
 * constants (A_BOLD, COLOR_PAIR, KEY_F, mouse masks, getmaxyx), and the globals (stdscr,
 * curscr, LINES, COLS, COLOR_PAIRS) are mutable shared state Swift 6 rejects, so everything
 * is reached through the small `static inline` accessors below (prefix `jc_`).
 */

/* SwiftPM drops -D flags from ncursesw.pc, so the wide API must be switched on here. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* glibc only declares wcwidth under _XOPEN_SOURCE, which the importer does not set. */
extern int wcwidth(wchar_t c);
static inline int jc_wcwidth(wchar_t c) { return wcwidth(c); }

/* Opening the terminal: newterm (unlike initscr) returns NULL instead of exiting. */
static inline SCREEN *jc_newterm(void) { return newterm(NULL, stdout, stdin); }

/*
 * Whether the terminal TERM names can move the cursor (terminfo's `cup`): 1 yes, 0 no
 * (TERM=dumb, a hardcopy terminal), -1 terminfo does not know TERM. Reads the entry
 * and frees it again, before newterm.
 */
#include <ncursesw/term.h>
static inline int jc_terminal_can_address(void) {
    int err = 0;
    if (setupterm(NULL, 1, &err) != OK) return err == 1 ? 0 : -1;
    char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return ok;
}

/* Globals. */
static inline WINDOW *jc_stdscr(void) { return stdscr; }
static inline WINDOW *jc_curscr(void) { return curscr; }
static inline int jc_lines(void) { return LINES; }
static inline int jc_cols(void) { return COLS; }
static inline int jc_color_pairs(void) { return COLOR_PAIRS; }
static inline int jc_colors(void) { return COLORS; }
static inline int jc_maxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int jc_maxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }

/* Attributes. */
static inline attr_t jc_a_normal(void) { return A_NORMAL; }
static inline attr_t jc_a_bold(void) { return A_BOLD; }
static inline attr_t jc_a_reverse(void) { return A_REVERSE; }
static inline attr_t jc_a_dim(void) { return A_DIM; }
static inline attr_t jc_a_underline(void) { return A_UNDERLINE; }

/* Keys: the codes get_wch reports with KEY_CODE_YES. */
static inline int jc_key_code_yes(void) { return KEY_CODE_YES; }
static inline int jc_key_up(void) { return KEY_UP; }
static inline int jc_key_down(void) { return KEY_DOWN; }
static inline int jc_key_left(void) { return KEY_LEFT; }
static inline int jc_key_right(void) { return KEY_RIGHT; }
static inline int jc_key_sr(void) { return KEY_SR; }          /* Shift+Up in xterm-alikes */
static inline int jc_key_sf(void) { return KEY_SF; }          /* Shift+Down */
static inline int jc_key_sleft(void) { return KEY_SLEFT; }
static inline int jc_key_sright(void) { return KEY_SRIGHT; }
static inline int jc_key_home(void) { return KEY_HOME; }
static inline int jc_key_end(void) { return KEY_END; }
/* Home and End as some terminfo entries name ESC[1~ and ESC[4~ (vt220-style keypads). */
static inline int jc_key_find(void) { return KEY_FIND; }
static inline int jc_key_select(void) { return KEY_SELECT; }
/* The keypad's Home and End (upper left, lower left of the keypad). */
static inline int jc_key_a1(void) { return KEY_A1; }
static inline int jc_key_c1(void) { return KEY_C1; }
static inline int jc_key_ppage(void) { return KEY_PPAGE; }
static inline int jc_key_npage(void) { return KEY_NPAGE; }
static inline int jc_key_enter(void) { return KEY_ENTER; }
static inline int jc_key_backspace(void) { return KEY_BACKSPACE; }
static inline int jc_key_dc(void) { return KEY_DC; }
static inline int jc_key_btab(void) { return KEY_BTAB; }
static inline int jc_key_resize(void) { return KEY_RESIZE; }
static inline int jc_key_mouse(void) { return KEY_MOUSE; }
static inline int jc_key_f(int n) { return KEY_F(n); }
static inline int jc_key_max(void) { return KEY_MAX; }

/* Mouse. */
static inline mmask_t jc_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t jc_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t jc_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t jc_button5_pressed(void) { return BUTTON5_PRESSED; }

#endif
