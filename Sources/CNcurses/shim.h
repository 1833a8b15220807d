#ifndef JOURNEY_CNCURSES_SHIM_H
#define JOURNEY_CNCURSES_SHIM_H
/* SwiftPM drops -D flags from ncursesw.pc, so the wide API must be switched on here. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#endif
