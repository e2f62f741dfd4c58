// SPDX-License-Identifier: MIT
/*
 * Helpers the command files share (info, domain, vcpu, cpupool, watch,
 * evtchn): small pieces that several commands repeat, kept once so that
 * each costs its bytes once. Each is defined in the file named with it.
 */
#ifndef XM_CMDS_H
#define XM_CMDS_H

#include <stdint.h>

struct xm_json;

/*
 * cmd_dom.c: a listing's start and end. With @j: one JSON array, the
 * whole document; without (NULL): the text header @hdr, and no end.
 */
void xm_list_begin(struct xm_json *j, const char *hdr);
void xm_list_end(struct xm_json *j);
struct xm_cli;

/*
 * cmd_dom.c: the options of a command that takes none: the first
 * operand's index, or -1 after the usage error (xm_getopt said it).
 */
int xm_no_opts(struct xm_cli *c, int argc, char **argv);
/* cmd_evtchn.c: key @k and the number @v, or null where there is none (!@has). */
void xm_json_knum(struct xm_json *j, const char *k, int has, uint64_t v);
/* cmd_dom.c: a JSON document that is one object, on xm_out. */
void xm_json_doc_begin(struct xm_json *j);
void xm_json_doc_end(struct xm_json *j);

#endif
