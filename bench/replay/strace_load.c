/*
 * Reading a log from a file: plain, or .xz or .gz told by their magic
 * rather than the name, and decompressed whole in memory, since the
 * parser takes the text at once.
 */
#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bench/replay/strace_parse.h"
#include "common/lib/slurp.h"

/* Grows *out for a decompressor: doubles it, keeping what was written. */
static int grow(unsigned char **out, size_t *cap)
{
	unsigned char *grown = realloc(*out, *cap ? 2 * *cap : 1 << 20);

	if (!grown)
		return -1;
	*out = grown;
	*cap = *cap ? 2 * *cap : 1 << 20;
	return 0;
}

union stream {
	lzma_stream xz;
	z_stream gz;
};

enum unpack_step { UNPACK_MORE, UNPACK_END, UNPACK_BAD };

/* A compressed format: its magic, its library's calls and its messages. */
struct unpacker {
	const char *magic;
	size_t magic_len;
	int (*start)(union stream *z, const unsigned char *in, size_t len);
	/* decodes into [next, next + room); *wrote: the bytes it put there */
	enum unpack_step (*step)(union stream *z, unsigned char *next,
				 size_t room, size_t *wrote);
	void (*end)(union stream *z);
	const char *no_decoder, *corrupt;
};

static int xz_start(union stream *z, const unsigned char *in, size_t len)
{
	z->xz = (lzma_stream)LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&z->xz, UINT64_MAX, LZMA_CONCATENATED) !=
	    LZMA_OK)
		return -1;
	z->xz.next_in = in;
	z->xz.avail_in = len;
	return 0;
}

static enum unpack_step xz_step(union stream *z, unsigned char *next,
				size_t room, size_t *wrote)
{
	lzma_ret r;

	z->xz.next_out = next;
	z->xz.avail_out = room;
	r = lzma_code(&z->xz, LZMA_FINISH);
	*wrote = z->xz.next_out - next;
	if (r == LZMA_OK)
		return UNPACK_MORE;
	return r == LZMA_STREAM_END ? UNPACK_END : UNPACK_BAD;
}

static void xz_end(union stream *z)
{
	lzma_end(&z->xz);
}

static int gz_start(union stream *z, const unsigned char *in, size_t len)
{
	z->gz = (z_stream){ 0 };
	/* 15: the largest window; +32: a gzip or zlib header, told apart */
	if (inflateInit2(&z->gz, 15 + 32) != Z_OK)
		return -1;
	z->gz.next_in = (unsigned char *)in;
	z->gz.avail_in = len;
	return 0;
}

static enum unpack_step gz_step(union stream *z, unsigned char *next,
				size_t room, size_t *wrote)
{
	int r;

	z->gz.next_out = next;
	z->gz.avail_out = room;
	r = inflate(&z->gz, Z_NO_FLUSH);
	*wrote = z->gz.next_out - next;
	if (r == Z_OK)
		return UNPACK_MORE;
	return r == Z_STREAM_END ? UNPACK_END : UNPACK_BAD;
}

static void gz_end(union stream *z)
{
	inflateEnd(&z->gz);
}

static const struct unpacker unpackers[] = {
	{
		.magic = "\xfd" "7zXZ", .magic_len = 6,	/* and its NUL */
		.start = xz_start, .step = xz_step, .end = xz_end,
		.no_decoder = "cannot start the xz decoder",
		.corrupt = "corrupt or truncated xz data",
	}, {
		.magic = "\x1f\x8b", .magic_len = 2,
		.start = gz_start, .step = gz_step, .end = gz_end,
		.no_decoder = "cannot start the gzip decoder",
		.corrupt = "corrupt or truncated gzip data",
	},
};

/* The format whose magic @raw starts with; NULL for a plain log. */
static const struct unpacker *unpacker_of(const unsigned char *raw,
					  size_t len)
{
	const struct unpacker *u;
	size_t i;

	for (i = 0; i < sizeof(unpackers) / sizeof(unpackers[0]); i++) {
		u = &unpackers[i];
		if (len >= u->magic_len &&
		    !memcmp(raw, u->magic, u->magic_len))
			return u;
	}
	return NULL;
}

/* Decompresses all of @in into *out (malloc'd); NULL, or what went wrong. */
static const char *unpack(const struct unpacker *u, const unsigned char *in,
			  size_t len, unsigned char **out, size_t *olen)
{
	size_t cap = 0, total = 0, wrote;
	enum unpack_step r;
	union stream z;

	*out = NULL;
	if (u->start(&z, in, len))
		return u->no_decoder;
	do {
		if (total == cap && grow(out, &cap)) {
			u->end(&z);
			return "out of memory";
		}
		r = u->step(&z, *out + total, cap - total, &wrote);
		total += wrote;
	} while (r == UNPACK_MORE);
	*olen = total;
	u->end(&z);
	return r == UNPACK_END ? NULL : u->corrupt;
}

struct strace_log *strace_load(const char *path, bool lenient, char *err,
			       size_t errlen)
{
	const struct unpacker *u;
	unsigned char *raw, *text = NULL;
	const char *why = NULL;
	struct strace_log *log;
	size_t len, tlen;

	raw = slurp(path, &len);
	if (!raw) {
		snprintf(err, errlen, "%s: cannot read: %s (give a strace log, "
			 "plain, .xz or .gz)", path, strerror(errno));
		return NULL;
	}
	u = unpacker_of(raw, len);
	if (u)
		why = unpack(u, raw, len, &text, &tlen);
	if (why) {
		snprintf(err, errlen, "%s: %s (recompress it, or give the "
			 "plain log)", path, why);
		free(raw);
		free(text);
		return NULL;
	}
	if (text) {
		free(raw);
		raw = text;
		len = tlen;
	}
	log = strace_parse(path, (const char *)raw, len, lenient, err, errlen);
	free(raw);
	return log;
}
