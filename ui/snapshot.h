/* snapshot.h - the screen as text, as a grid of role letters, and the
 * palette curses holds (for screen tests and --dump-screen). */
#ifndef SIGNOFF_UI_SNAPSHOT_H
#define SIGNOFF_UI_SNAPSHOT_H

struct buf;
struct ui_canvas;

/* Each row as UTF-8 read back from curses, trailing blanks trimmed. */
void ui_snapshot_text(const struct ui_canvas *c, struct buf *out);
/* Each row as one role letter per column (exactly rows x cols). */
void ui_snapshot_roles(const struct ui_canvas *c, struct buf *out);
/* One line per role: colours and attributes as curses holds them. */
void ui_snapshot_palette(const struct ui_canvas *c, struct buf *out);

#endif
