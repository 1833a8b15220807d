#ifndef JOURNEY_CTERMINALSUPPORT_H
#define JOURNEY_CTERMINALSUPPORT_H
int jt_placeholder(void);
#endif
