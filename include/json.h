// SPDX-License-Identifier: MIT
/*
 * A small streaming JSON writer for --json output: arrays, objects, keys,
 * strings (escaped per RFC 8259; whatever their bytes, the JSON is valid:
 * control bytes become \u00XX, invalid UTF-8 \ufffd), integers, booleans and null, with commas
 * placed automatically. Numbers are written as numbers, never as strings.
 */
#ifndef XM_JSON_H
#define XM_JSON_H

#include <stdint.h>

#include "xio.h"

#define XM_JSON_DEPTH 16

struct xm_json {
	struct xm_stream *f;
	int depth;
	int first[XM_JSON_DEPTH]; /* no element written yet at this depth */
	int after_key;
};

void xm_json_init(struct xm_json *j, struct xm_stream *f);
void xm_json_begin_array(struct xm_json *j);
void xm_json_end_array(struct xm_json *j);
void xm_json_begin_object(struct xm_json *j);
void xm_json_end_object(struct xm_json *j);
void xm_json_key(struct xm_json *j, const char *k);
/* A string; NULL is null (a name the domains file does not give). */
void xm_json_str(struct xm_json *j, const char *s);
void xm_json_u64(struct xm_json *j, uint64_t v);
void xm_json_i64(struct xm_json *j, int64_t v);
void xm_json_bool(struct xm_json *j, int v);
void xm_json_null(struct xm_json *j);
/* Ends the document with a newline. */
void xm_json_end(struct xm_json *j);

/* key + value in one call, for the common case */
void xm_json_kstr(struct xm_json *j, const char *k, const char *s);
void xm_json_ku64(struct xm_json *j, const char *k, uint64_t v);
void xm_json_kbool(struct xm_json *j, const char *k, int v);
/* key + an array of the numbers of the bits set in @m (CPU sets) */
void xm_json_kbits(struct xm_json *j, const char *k, uint64_t m);

#endif
