/*
 * Fuzz target: the radix priority search tree (i_mmap, 2.6.7 - 3.6) and the
 * augmented-rbtree interval tree (3.7+) against brute force. The bytes are
 * a sequence of inserts, removals and stabbing queries on a small set of
 * intervals (endpoints small, huge, near ULONG_MAX, or next to a stored
 * endpoint); after every operation both trees are validated, and every
 * query must return exactly the stored intervals that overlap it, once.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/lib/interval_tree.h"
#include "common/lib/prio_tree.h"

#define NR_ITEMS	32

struct item {
	struct prio_tree_node pt;
	struct interval_tree_node it;
	bool present;	/* in both trees (on a "vm_set" in the prio tree) */
	bool in_tree;	/* the prio tree node that represents its index */
	unsigned seen;	/* the query that last returned it */
};

struct fuzz {
	const uint8_t *data;
	size_t size, pos;
	struct item items[NR_ITEMS];
	struct prio_tree_root proot;
	struct rb_root_cached iroot;
	unsigned query;
};

static uint8_t byte(struct fuzz *f)
{
	return f->pos < f->size ? f->data[f->pos++] : 0;
}

static unsigned long value(struct fuzz *f)
{
	unsigned long v = 0;
	const struct item *it;
	int i;

	switch (byte(f) % 6) {
	case 0:
		return byte(f) % 64;
	case 1:
		return ULONG_MAX - byte(f) % 64;
	case 2:
		return (unsigned long)byte(f) << (byte(f) % 57);
	case 3:
		it = &f->items[byte(f) % NR_ITEMS];
		return (byte(f) & 1 ? it->it.start : it->it.last) +
		       (unsigned long)(byte(f) % 3) - 1;
	default:
		for (i = 0; i < 8; i++)
			v = v << 8 | byte(f);
		return v;
	}
}

static bool same_index(const struct item *a, const struct item *b)
{
	return a->pt.start == b->pt.start && a->pt.last == b->pt.last;
}

static struct item *tree_holder(struct fuzz *f, const struct item *it)
{
	int i;

	for (i = 0; i < NR_ITEMS; i++)
		if (f->items[i].in_tree && same_index(&f->items[i], it))
			return &f->items[i];
	return NULL;
}

static void insert(struct fuzz *f, struct item *it)
{
	unsigned long a = value(f), b = value(f);
	struct item *prior;

	if (it->present)
		return;
	if (a > b) {
		unsigned long t = a;

		a = b;
		b = t;
	}
	it->pt.start = it->it.start = a;
	it->pt.last = it->it.last = b;
	prior = tree_holder(f, it);
	if (prio_tree_insert(&f->proot, &it->pt) != (prior ? &prior->pt :
						     &it->pt))
		abort();
	it->in_tree = !prior;
	it->present = true;
	interval_tree_insert(&it->it, &f->iroot);
}

/* As vma_prio_tree_remove(): a same-index item inherits the tree slot. */
static void remove_item(struct fuzz *f, struct item *it)
{
	int i;

	if (!it->present)
		return;
	it->present = false;
	interval_tree_remove(&it->it, &f->iroot);
	if (!it->in_tree)
		return;
	it->in_tree = false;
	for (i = 0; i < NR_ITEMS; i++) {
		struct item *o = &f->items[i];

		if (o->present && !o->in_tree && same_index(o, it)) {
			if (prio_tree_replace(&f->proot, &it->pt, &o->pt) !=
			    &it->pt)
				abort();
			o->in_tree = true;
			return;
		}
	}
	prio_tree_remove(&f->proot, &it->pt);
}

static bool overlaps(const struct item *it, unsigned long a, unsigned long b)
{
	return it->it.start <= b && it->it.last >= a;
}

/* Each returned item must overlap, be a member, and come once. */
static void returned(struct fuzz *f, struct item *it, bool member,
		     unsigned long a, unsigned long b, unsigned *got)
{
	if (it < f->items || it >= f->items + NR_ITEMS || !member ||
	    !overlaps(it, a, b) || it->seen == f->query)
		abort();
	it->seen = f->query;
	(*got)++;
}

static void query(struct fuzz *f)
{
	unsigned long a = value(f), b = value(f);
	struct prio_tree_iter iter;
	struct prio_tree_node *pn;
	struct interval_tree_node *in;
	unsigned got = 0, want = 0, igot = 0, iwant = 0;
	int i;

	if (a > b) {
		unsigned long t = a;

		a = b;
		b = t;
	}
	prio_tree_iter_v34 = byte(f) & 1;
	f->query++;
	prio_tree_iter_init(&iter, &f->proot, a, b);
	while ((pn = prio_tree_next(&iter))) {
		struct item *it = prio_tree_entry(pn, struct item, pt);

		returned(f, it, it->in_tree, a, b, &got);
	}
	f->query++;
	for (in = interval_tree_iter_first(&f->iroot, a, b); in;
	     in = interval_tree_iter_next(in, a, b)) {
		struct item *it = (struct item *)((char *)in -
						  offsetof(struct item, it));

		returned(f, it, it->present, a, b, &igot);
	}
	for (i = 0; i < NR_ITEMS; i++) {
		want += f->items[i].in_tree && overlaps(&f->items[i], a, b);
		iwant += f->items[i].present && overlaps(&f->items[i], a, b);
	}
	if (got != want || igot != iwant)
		abort();
}

static void validate(struct fuzz *f)
{
	unsigned long members = 0;
	int i;

	for (i = 0; i < NR_ITEMS; i++)
		members += f->items[i].in_tree;
	if (prio_tree_validate(&f->proot) ||
	    prio_tree_node_count(&f->proot) != members ||
	    interval_tree_validate(&f->iroot))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz f;
	int i;

	memset(&f, 0, sizeof(f));
	f.data = data;
	f.size = size;
	INIT_PRIO_TREE_ROOT(&f.proot);
	f.iroot = RB_ROOT_CACHED;
	while (f.pos < f.size) {
		uint8_t op = byte(&f);
		struct item *it = &f.items[(op >> 3) % NR_ITEMS];

		if ((op & 7) < 3)
			insert(&f, it);
		else if ((op & 7) < 5)
			remove_item(&f, it);
		else
			query(&f);
		validate(&f);
	}
	for (i = 0; i < NR_ITEMS; i++)
		remove_item(&f, &f.items[i]);
	validate(&f);
	if (!prio_tree_empty(&f.proot) ||
	    interval_tree_iter_first(&f.iroot, 0, ULONG_MAX))
		abort();
	prio_tree_iter_v34 = 0;
	return 0;
}
