/*
 * rmapreport's commands, and what every command shares: errors that end the
 * program with one line, and output files written to a temporary name and
 * renamed, which an error removes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plots/results.h"

#define MAX_PENDING	64

static char *pending[MAX_PENDING];	/* temporary files not yet renamed */

static void drop_pending(void)
{
	unsigned i;

	for (i = 0; i < MAX_PENDING; i++) {
		if (pending[i]) {
			unlink(pending[i]);
			free(pending[i]);
			pending[i] = NULL;
		}
	}
}

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("rmapreport: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	drop_pending();
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

void out_open(struct outfile *o, const char *path)
{
	char *tmp;
	int fd, i;

	if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0)
		die("out of memory");
	fd = mkstemp(tmp);
	if (fd < 0)
		die("cannot create %s: %s", tmp, strerror(errno));
	for (i = 0; i < MAX_PENDING && pending[i]; i++)
		;
	if (i == MAX_PENDING)
		die("too many output files open");
	pending[i] = tmp;
	o->slot = i;
	o->path = path;
	o->f = fdopen(fd, "w");
	if (!o->f)
		die("cannot write %s: %s", tmp, strerror(errno));
}

void out_commit(struct outfile *o)
{
	char *tmp = pending[o->slot];

	if (fchmod(fileno(o->f), 0644) || fflush(o->f) || ferror(o->f) ||
	    fclose(o->f))
		die("cannot write %s: %s", tmp, strerror(errno));
	if (rename(tmp, o->path))
		die("cannot rename %s to %s: %s", tmp, o->path,
		    strerror(errno));
	free(tmp);
	pending[o->slot] = NULL;
}

static const char usage[] =
"usage: rmapreport data RESULTS.json OUTDIR [--cachesim CACHESIM.json] | "
"report RESULTS.json FIGDIR [-o RESULTS.md] [--cachesim CACHESIM.json] | "
"compare A.json B.json | cachesim RESULTS.json DUMPDIR -o CACHESIM.json";

int main(int argc, char **argv)
{
	const char *out = NULL, *sim = NULL, *arg[3];
	int i, n = 0;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--cachesim") && i + 1 < argc)
			sim = argv[++i];
		else if (n < 3)
			arg[n++] = argv[i];
		else
			die("too many arguments; %s", usage);
	}
	if (argc < 2)
		die("%s", usage);
	if (!strcmp(argv[1], "data") && n == 2 && !out)
		return cmd_data(arg[0], arg[1], sim);
	if (!strcmp(argv[1], "report") && n == 2)
		return cmd_report(arg[0], arg[1], out, sim);
	if (!strcmp(argv[1], "compare") && n == 2 && !out && !sim)
		return cmd_compare(arg[0], arg[1]);
	if (!strcmp(argv[1], "cachesim") && n == 2 && out && !sim)
		return cmd_cachesim(arg[0], arg[1], out);
	if (strcmp(argv[1], "data") && strcmp(argv[1], "report") &&
	    strcmp(argv[1], "compare") && strcmp(argv[1], "cachesim"))
		die("unknown subcommand '%s'; %s", argv[1], usage);
	die("wrong arguments for %s; %s", argv[1], usage);
}
