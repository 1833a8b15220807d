int jt_placeholder(void) { return 0; }
