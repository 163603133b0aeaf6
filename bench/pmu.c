/*
 * pmu.c - perf_event_open counters named the way perf names them, with
 * libpfm4 for everything else (PMU-specific event strings).
 *
 * The cost that matters is pmu_start/pmu_stop, run at every timed loop
 * edge and every gb_pause/gb_resume: one ioctl per group leader.  The
 * core PMU's events share one group, so one ioctl switches them all and
 * they count over exactly the same instructions; software events each
 * take one ioctl (see group_key()).
 */
#include "pmu.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <perfmon/pfmlib_perf_event.h>

#define READ_FORMAT (PERF_FORMAT_TOTAL_TIME_ENABLED |			\
		     PERF_FORMAT_TOTAL_TIME_RUNNING |			\
		     PERF_FORMAT_ID | PERF_FORMAT_GROUP)

struct named_event {
	const char *name;
	uint32_t type;
	uint64_t config;
};

/* perf's generic names (tools/perf/util/parse-events.c). */
static const struct named_event generic_events[] = {
	{ "cycles",			PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_CPU_CYCLES },
	{ "cpu-cycles",			PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions",		PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references",		PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses",		PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_CACHE_MISSES },
	{ "branch-instructions",	PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branches",			PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses",		PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles",			PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_BUS_CYCLES },
	{ "stalled-cycles-frontend",	PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "idle-cycles-frontend",	PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "stalled-cycles-backend",	PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "idle-cycles-backend",	PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "ref-cycles",			PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_REF_CPU_CYCLES },
	{ "cpu-clock",			PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock",			PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults",		PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_PAGE_FAULTS },
	{ "faults",			PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches",		PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cs",				PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations",		PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "migrations",			PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "minor-faults",		PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults",		PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "alignment-faults",		PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_ALIGNMENT_FAULTS },
	{ "emulation-faults",		PERF_TYPE_SOFTWARE,
	  PERF_COUNT_SW_EMULATION_FAULTS },
};

/* perf's hardware cache events are <cache>-<op>[-misses]. */
static const struct { const char *name; unsigned id; } caches[] = {
	{ "L1-dcache", PERF_COUNT_HW_CACHE_L1D },
	{ "L1-icache", PERF_COUNT_HW_CACHE_L1I },
	{ "LLC", PERF_COUNT_HW_CACHE_LL },
	{ "dTLB", PERF_COUNT_HW_CACHE_DTLB },
	{ "iTLB", PERF_COUNT_HW_CACHE_ITLB },
	{ "branch", PERF_COUNT_HW_CACHE_BPU },
	{ "node", PERF_COUNT_HW_CACHE_NODE },
};

static const struct { const char *suffix; unsigned op, result; } cache_ops[] = {
	{ "-loads", PERF_COUNT_HW_CACHE_OP_READ,
	  PERF_COUNT_HW_CACHE_RESULT_ACCESS },
	{ "-load-misses", PERF_COUNT_HW_CACHE_OP_READ,
	  PERF_COUNT_HW_CACHE_RESULT_MISS },
	{ "-stores", PERF_COUNT_HW_CACHE_OP_WRITE,
	  PERF_COUNT_HW_CACHE_RESULT_ACCESS },
	{ "-store-misses", PERF_COUNT_HW_CACHE_OP_WRITE,
	  PERF_COUNT_HW_CACHE_RESULT_MISS },
	{ "-prefetches", PERF_COUNT_HW_CACHE_OP_PREFETCH,
	  PERF_COUNT_HW_CACHE_RESULT_ACCESS },
	{ "-prefetch-misses", PERF_COUNT_HW_CACHE_OP_PREFETCH,
	  PERF_COUNT_HW_CACHE_RESULT_MISS },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static bool lookup_generic(struct pmu_event *ev)
{
	for (size_t i = 0; i < ARRAY_SIZE(generic_events); i++) {
		if (!strcmp(ev->name, generic_events[i].name)) {
			ev->type = generic_events[i].type;
			ev->config = generic_events[i].config;
			return true;
		}
	}
	return false;
}

static bool lookup_cache(struct pmu_event *ev)
{
	for (size_t c = 0; c < ARRAY_SIZE(caches); c++) {
		size_t len = strlen(caches[c].name);

		if (strncmp(ev->name, caches[c].name, len))
			continue;
		for (size_t o = 0; o < ARRAY_SIZE(cache_ops); o++) {
			if (strcmp(ev->name + len, cache_ops[o].suffix))
				continue;
			ev->type = PERF_TYPE_HW_CACHE;
			ev->config = caches[c].id | cache_ops[o].op << 8 |
				     cache_ops[o].result << 16;
			return true;
		}
	}
	return false;
}

/* 1: found, 0: libpfm4 does not know it, -1: it does but refused it. */
static int lookup_pfm(struct pmu_event *ev, char *err, size_t errlen)
{
	static int pfm_status = 1;	/* 1: not yet initialized */
	struct perf_event_attr attr;
	pfm_perf_encode_arg_t arg;
	int ret;

	if (pfm_status == 1)
		pfm_status = pfm_initialize();
	if (pfm_status != PFM_SUCCESS)
		return 0;
	memset(&attr, 0, sizeof(attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &attr;
	arg.size = sizeof(arg);
	ret = pfm_get_os_event_encoding(ev->name, PFM_PLM3,
					PFM_OS_PERF_EVENT_EXT, &arg);
	if (ret == PFM_ERR_NOTFOUND)
		return 0;
	if (ret != PFM_SUCCESS) {
		snprintf(err, errlen, "event '%s': libpfm4: %s", ev->name,
			 pfm_strerror(ret));
		return -1;
	}
	ev->type = attr.type;
	ev->config = attr.config;
	ev->config1 = attr.config1;
	ev->config2 = attr.config2;
	return 1;
}

static int resolve(struct pmu_event *ev, char *err, size_t errlen)
{
	int ret;

	if (lookup_generic(ev) || lookup_cache(ev))
		return 0;
	ret = lookup_pfm(ev, err, errlen);
	if (ret > 0)
		return 0;
	if (ret == 0)
		snprintf(err, errlen, "unknown event '%s': use a perf event "
			 "name (cycles, page-faults, ...) or a libpfm4 event "
			 "string (see showevtinfo)", ev->name);
	return -1;
}

/* Copies the next comma-separated name, trimmed, into name. */
static const char *next_name(const char *p, char *name, size_t len,
			     bool *too_long)
{
	const char *end = strchr(p, ',');
	size_t n;

	if (!end)
		end = p + strlen(p);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	n = end - p;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	*too_long = n >= len;
	if (*too_long)
		n = len - 1;
	memcpy(name, p, n);
	name[n] = '\0';
	return *end ? end + 1 : end;
}

static bool listed(const struct pmu_set *set, const char *name)
{
	for (int i = 0; i < set->n; i++)
		if (!strcmp(set->ev[i].name, name))
			return true;
	return false;
}

static int add_event(struct pmu_set *set, const char *name, bool too_long,
		     char *err, size_t errlen)
{
	struct pmu_event *ev = &set->ev[set->n];

	if (!*name) {
		snprintf(err, errlen, "empty event name in the event list");
		return -1;
	}
	if (too_long) {
		snprintf(err, errlen, "event name '%s...' is too long", name);
		return -1;
	}
	if (listed(set, name)) {
		snprintf(err, errlen, "event '%s' is listed twice", name);
		return -1;
	}
	if (set->n == PMU_MAX_EVENTS) {
		snprintf(err, errlen, "more than %d events", PMU_MAX_EVENTS);
		return -1;
	}
	memset(ev, 0, sizeof(*ev));
	strcpy(ev->name, name);
	ev->fd = -1;
	ev->leader = -1;
	if (resolve(ev, err, errlen))
		return -1;
	set->n++;
	return 0;
}

int pmu_parse_events(const char *list, struct pmu_set *set,
		     char *err, size_t errlen)
{
	char name[PMU_NAME_LEN];
	const char *p;
	bool too_long;

	memset(set, 0, sizeof(*set));
	if (!list || !*list)
		list = PMU_DEFAULT_EVENTS;
	p = list;
	do {
		p = next_name(p, name, sizeof(name), &too_long);
		if (add_event(set, name, too_long, err, errlen))
			goto fail;
	} while (*p);
	if (p[-1] == ',') {
		/* a trailing comma: perf rejects it too */
		snprintf(err, errlen, "empty event name in the event list");
		goto fail;
	}
	return 0;
fail:
	set->n = 0;
	return -1;
}

const char *pmu_classify_errno(int err)
{
	switch (err) {
	case ENOENT:
		return "no PMU, or no such event on this CPU";
	case ENODEV:
		return "no PMU";
	case EOPNOTSUPP:
		return "not supported by this CPU";
	case EACCES:
	case EPERM:
		return "no permission (perf_event_paranoid)";
	case EINVAL:
		return "invalid on this machine";
	case ENOSYS:
		return "no perf_event_open in this kernel";
	case EBUSY:
		return "PMU busy (used by another tool)";
	case EMFILE:
	case ENFILE:
		return "too many open files";
	default:
		return "perf_event_open failed";
	}
}

/*
 * Events on the core PMU (generic hardware, cache, raw) form one group,
 * so they count over exactly the same instructions and fit or multiplex
 * together; any other PMU (uncore, from libpfm4) gets its own group.
 * Software events open alone (-1): they never compete for counters, and
 * as group members they undercount (measured on Linux 6.18: page-faults
 * under a task-clock leader saw 1849 of 4096 faults, 4096 alone).
 */
static int64_t group_key(uint32_t type)
{
	if (type == PERF_TYPE_SOFTWARE)
		return -1;
	if (type == PERF_TYPE_HW_CACHE || type == PERF_TYPE_RAW)
		return PERF_TYPE_HARDWARE;
	return type;
}

static int open_one(const struct pmu_event *ev, int group_fd)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = ev->type;
	attr.config = ev->config;
	attr.config1 = ev->config1;
	attr.config2 = ev->config2;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	attr.read_format = READ_FORMAT;
	return perf_event_open(&attr, 0, -1, group_fd, PERF_FLAG_FD_CLOEXEC);
}

/* The leader of ev's group if one is already open, else -1. */
static int find_leader(const struct pmu_set *set, int i)
{
	int64_t key = group_key(set->ev[i].type);

	if (key < 0)
		return -1;
	for (int j = 0; j < i; j++) {
		const struct pmu_event *l = &set->ev[j];

		if (l->fd >= 0 && l->leader == j &&
		    group_key(l->type) == key)
			return j;
	}
	return -1;
}

static void open_event(struct pmu_set *set, int i)
{
	struct pmu_event *ev = &set->ev[i];
	int leader = find_leader(set, i);

	ev->fd = -1;
	if (leader >= 0) {
		ev->fd = open_one(ev, set->ev[leader].fd);
		ev->leader = leader;
	}
	if (ev->fd < 0) {
		/* no group yet, or the group cannot take it: alone then */
		ev->fd = open_one(ev, -1);
		ev->leader = i;
	}
	if (ev->fd < 0) {
		ev->reason = pmu_classify_errno(errno);
		ev->leader = -1;
		return;
	}
	if (ioctl(ev->fd, PERF_EVENT_IOC_ID, &ev->id) < 0) {
		ev->reason = pmu_classify_errno(errno);
		close(ev->fd);
		ev->fd = -1;
		ev->leader = -1;
	}
}

int pmu_open(struct pmu_set *set)
{
	int counted = 0;

	for (int i = 0; i < set->n; i++) {
		open_event(set, i);
		counted += set->ev[i].fd >= 0;
	}
	return counted;
}

void pmu_close(struct pmu_set *set)
{
	/* members first: closing a leader first would orphan them */
	for (int i = set->n - 1; i >= 0; i--) {
		if (set->ev[i].fd >= 0)
			close(set->ev[i].fd);
		set->ev[i].fd = -1;
	}
}

static void ioctl_leaders(struct pmu_set *set, unsigned long request)
{
	for (int i = 0; i < set->n; i++)
		if (set->ev[i].fd >= 0 && set->ev[i].leader == i)
			ioctl(set->ev[i].fd, request, PERF_IOC_FLAG_GROUP);
}

void pmu_start(struct pmu_set *set)
{
	ioctl_leaders(set, PERF_EVENT_IOC_ENABLE);
}

void pmu_stop(struct pmu_set *set)
{
	ioctl_leaders(set, PERF_EVENT_IOC_DISABLE);
}

/* Reads the group led by event l into each member's "now". */
static void read_group(struct pmu_set *set, int l, struct pmu_count *now)
{
	/* nr, time_enabled, time_running, then { value, id } per member */
	uint64_t buf[3 + 2 * PMU_MAX_EVENTS];
	ssize_t got = read(set->ev[l].fd, buf, sizeof(buf));
	uint64_t nr;

	if (got < (ssize_t)(3 * sizeof(uint64_t)))
		return;
	nr = buf[0];
	if (got < (ssize_t)((3 + 2 * nr) * sizeof(uint64_t)))
		return;
	for (int i = 0; i < set->n; i++) {
		if (set->ev[i].fd < 0 || set->ev[i].leader != l)
			continue;
		for (uint64_t k = 0; k < nr; k++) {
			if (buf[4 + 2 * k] != set->ev[i].id)
				continue;
			now[i].raw = buf[3 + 2 * k];
			now[i].enabled = buf[1];
			now[i].running = buf[2];
		}
	}
}

static void read_all(struct pmu_set *set, struct pmu_count *now)
{
	memset(now, 0, sizeof(*now) * PMU_MAX_EVENTS);
	for (int i = 0; i < set->n; i++)
		if (set->ev[i].fd >= 0 && set->ev[i].leader == i)
			read_group(set, i, now);
}

void pmu_reset(struct pmu_set *set)
{
	struct pmu_count now[PMU_MAX_EVENTS];

	/* IOC_RESET would zero the counts but not the times: keep a base */
	read_all(set, now);
	for (int i = 0; i < set->n; i++) {
		set->ev[i].base = now[i];
		memset(&set->ev[i].delta, 0, sizeof(set->ev[i].delta));
	}
}

void pmu_read(struct pmu_set *set)
{
	struct pmu_count now[PMU_MAX_EVENTS];

	read_all(set, now);
	for (int i = 0; i < set->n; i++) {
		struct pmu_event *ev = &set->ev[i];

		if (now[i].enabled < ev->base.enabled) {
			/* the read failed: unknown, never a wrapped count */
			memset(&ev->delta, 0, sizeof(ev->delta));
			continue;
		}
		ev->delta.raw = now[i].raw - ev->base.raw;
		ev->delta.enabled = now[i].enabled - ev->base.enabled;
		ev->delta.running = now[i].running - ev->base.running;
	}
}

double pmu_scale(uint64_t raw, uint64_t enabled, uint64_t running, int *ok)
{
	*ok = running != 0;
	if (!running)
		return NAN;
	if (running >= enabled)
		return (double)raw;
	return (double)raw * ((double)enabled / (double)running);
}

double pmu_value(const struct pmu_set *set, int i, int *ok)
{
	const struct pmu_event *ev = &set->ev[i];

	if (ev->fd < 0) {
		*ok = 0;
		return NAN;
	}
	return pmu_scale(ev->delta.raw, ev->delta.enabled, ev->delta.running,
			 ok);
}

void pmu_describe(struct pmu_set *set)
{
	char key[PMU_NAME_LEN + 8], val[128];

	if (set->described)
		return;
	set->described = true;
	for (int i = 0; i < set->n; i++) {
		const struct pmu_event *ev = &set->ev[i];

		snprintf(key, sizeof(key), "pmu.%s", ev->name);
		if (ev->fd >= 0) {
			gb_add_context(key, "counted");
			continue;
		}
		snprintf(val, sizeof(val), "<not supported> (%s)",
			 ev->reason ? ev->reason : "not opened");
		fprintf(stderr, "event %s: %s\n", ev->name, val);
		gb_add_context(key, val);
	}
}

void pmu_publish(struct pmu_set *set, gb_state *st)
{
	pmu_describe(set);
	pmu_read(set);
	for (int i = 0; i < set->n; i++) {
		struct pmu_event *ev = &set->ev[i];
		int ok;
		double v;

		if (ev->fd < 0)
			continue;
		v = pmu_value(set, i, &ok);
		if (ok) {
			gb_set_counter(st, ev->name, v,
				       GB_COUNTER_AVG_ITERATIONS);
		} else if (!ev->warned) {
			ev->warned = true;
			fprintf(stderr, "event %s: <not counted> (never on "
				"the PMU: too many events to multiplex)\n",
				ev->name);
		}
	}
	pmu_reset(set);
}

static void observe_start(void *arg)
{
	pmu_start(arg);
}

static void observe_stop(void *arg)
{
	pmu_stop(arg);
}

static void observe_publish(gb_state *st, void *arg)
{
	pmu_publish(arg, st);
}

void pmu_attach(struct pmu_set *set)
{
	pmu_describe(set);
	pmu_reset(set);
	gb_set_loop_observer(observe_start, observe_stop, observe_publish,
			     set);
}
