/* ui.h - the interactive review (ncurses). */
#ifndef SIGNOFF_UI_H
#define SIGNOFF_UI_H

/* `signoff [OPTIONS] SOURCE`: parses the UI options and runs the review. */
int ui_main(int argc, char **argv);

#endif
