/*
 * The i_mmap list component, each era's rules on bare vmas: 2.4 links at
 * the head and forks after the parent, 2.5.6 appends and forks before it,
 * 2.6.6 appends and forks after it, objsort keeps vm_pgoff order at the
 * price of the entries it reads, and relinks a vma whose pgoff moved.
 */
#include "common/i_mmap_list.h"
#include "common/lib/tree_visit.h"
#include "tests/harness.h"

#define NV 4

static struct address_space file;
static struct vm_area_struct vmas[NV];

static void setup(void)
{
	int i;

	i_mmap_list_init(&file);
	for (i = 0; i < NV; i++) {
		vmas[i].vm_file = &file;
		vmas[i].vm_pgoff = 0;
	}
}

/* The list's vmas as indexes into vmas[], in order; returns the count. */
static int order(int *idx)
{
	struct vm_area_struct *v;
	int n = 0;

	list_for_each_entry(v, &file.i_mmap.lists.i_mmap, shared.list)
		idx[n++] = (int)(v - vmas);
	return n;
}

/* Links 0, 1, 2, then forks 3 from 1; returns the resulting order. */
static int link_three_fork_one(const struct i_mmap_rules *rules, int *idx)
{
	int i;

	setup();
	for (i = 0; i < 3; i++)
		i_mmap_list_link(rules, &vmas[i]);
	i_mmap_list_fork(rules, &vmas[3], &vmas[1]);
	return order(idx);
}

TEST(era_rules)
{
	int idx[NV];

	ASSERT_EQ(link_three_fork_one(&i_mmap_2_4, idx), 4);
	EXPECT_EQ(idx[0], 2);
	EXPECT_EQ(idx[1], 1);
	EXPECT_EQ(idx[2], 3);
	EXPECT_EQ(idx[3], 0);

	ASSERT_EQ(link_three_fork_one(&i_mmap_2_5_6, idx), 4);
	EXPECT_EQ(idx[0], 0);
	EXPECT_EQ(idx[1], 3);
	EXPECT_EQ(idx[2], 1);
	EXPECT_EQ(idx[3], 2);

	ASSERT_EQ(link_three_fork_one(&i_mmap_2_6_6, idx), 4);
	EXPECT_EQ(idx[0], 0);
	EXPECT_EQ(idx[1], 1);
	EXPECT_EQ(idx[2], 3);
	EXPECT_EQ(idx[3], 2);

	/* shared vmas on their own list */
	setup();
	vmas[0].vm_flags = VM_SHARED;
	i_mmap_list_link(&i_mmap_2_6_6, &vmas[0]);
	EXPECT_TRUE(list_empty(&file.i_mmap.lists.i_mmap));
	EXPECT_FALSE(list_empty(&file.i_mmap.lists.i_mmap_shared));
	i_mmap_list_unlink(&vmas[0]);
	EXPECT_TRUE(list_empty(&file.i_mmap.lists.i_mmap_shared));
	vmas[0].vm_flags = 0;
}

TEST(objsort_insert_and_relink)
{
	static const unsigned long pgoffs[] = { 5, 1, 9, 5 };
	unsigned long updates;
	int idx[NV], i;

	setup();
	updates = tree_nodes_updated;
	for (i = 0; i < NV; i++) {
		vmas[i].vm_pgoff = pgoffs[i];
		i_mmap_list_link(&i_mmap_objsort, &vmas[i]);
	}
	/* 5: none; 1: 5; 9: 1, 5; the second 5: 1, then 5 stops it */
	EXPECT_EQ(tree_nodes_updated - updates, 5);
	ASSERT_EQ(order(idx), 4);
	EXPECT_EQ(idx[0], 1);
	EXPECT_EQ(idx[1], 3);
	EXPECT_EQ(idx[2], 0);
	EXPECT_EQ(idx[3], 2);

	/* vma 1's start moves up: pgoff 1 -> 7, relinked before 9 */
	i_mmap_list_adjust_begin(&i_mmap_objsort, &vmas[1]);
	vmas[1].vm_pgoff = 7;
	i_mmap_list_adjust_end(&i_mmap_objsort, &vmas[1]);
	ASSERT_EQ(order(idx), 4);
	EXPECT_EQ(idx[2], 1);
	EXPECT_EQ(idx[3], 2);

	/* only its end moves: stays where it is, nothing read */
	updates = tree_nodes_updated;
	i_mmap_list_adjust_begin(&i_mmap_objsort, &vmas[0]);
	i_mmap_list_adjust_end(&i_mmap_objsort, &vmas[0]);
	EXPECT_EQ(tree_nodes_updated - updates, 0);
	ASSERT_EQ(order(idx), 4);
	EXPECT_EQ(idx[1], 0);
}
