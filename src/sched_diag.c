// SPDX-License-Identifier: MIT
/*
 * The diagnostics store of the schedule parser and planner (sched_diag.h):
 * a fixed array of formatted messages, so that collecting every problem of
 * a file never allocates and a file with thousands of errors still costs
 * only the first SCHED_DIAG_KEEP of them.
 */
#include <stdint.h>

#include "sched_diag.h"
#include "xio.h"

void sched_diag_init(struct sched_diag *d)
{
	d->n = 0;
	d->nerr = 0;
	d->nwarn = 0;
}

void sched_diag_vadd(struct sched_diag *d, unsigned line, unsigned col,
		     int warn, const char *fmt, va_list ap)
{
	struct sched_msg *m;

	if (!d)
		return;
	if (warn)
		d->nwarn++;
	else
		d->nerr++;
	m = d->n < SCHED_DIAG_KEEP ? &d->m[d->n++] : NULL;
	/* Full: an error takes the place of the last warning kept, so
	 * warnings never crowd errors out. */
	for (unsigned i = d->n; !m && !warn && i--;)
		if (d->m[i].warn)
			m = &d->m[i];
	if (!m)
		return;
	m->line = line;
	m->col = col;
	m->warn = warn;
	xm_vsnprintf(m->text, sizeof(m->text), fmt, ap);
}

void sched_diag_add(struct sched_diag *d, unsigned line, unsigned col,
		    int warn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sched_diag_vadd(d, line, col, warn, fmt, ap);
	va_end(ap);
}

static uint64_t pos(const struct sched_msg *m)
{
	return (uint64_t)m->line << 32 | m->col;
}

/*
 * Insertion sort: at most SCHED_DIAG_KEEP messages, mostly in order. It
 * moves a message only past later positions, so messages at one position
 * stay in the order they were found.
 */
void sched_diag_sort(struct sched_diag *d)
{
	for (unsigned i = 1; i < d->n; i++) {
		struct sched_msg t = d->m[i];
		unsigned j = i;

		while (j > 0 && pos(&d->m[j - 1]) > pos(&t)) {
			d->m[j] = d->m[j - 1];
			j--;
		}
		d->m[j] = t;
	}
}
