#!/bin/sh
# Records the shipped strace logs (see README.md): a parallel build, a
# forking server under load, a fork-based worker pool. Needs root for nginx
# (its workers switch to www-data), strace, gcc, make, nginx, curl, python3.
# Usage: bench/traces/record.sh [OUTDIR]   (default: this folder)
set -eu

OUT=$(cd "${1:-$(dirname "$0")}" && pwd)
WORK=$(mktemp -d /tmp/rmaptrace.XXXXXX)
STRACE="strace -f -y -qq -e trace=memory,process"
trap 'rm -rf "$WORK"' EXIT

for tool in strace gcc make nginx curl python3 xz; do
	command -v $tool >/dev/null || {
		echo "record.sh: $tool is missing: apt-get install it" >&2
		exit 1
	}
done

# (a) make -j4 of a generated 13-file C project
mkdir "$WORK/build" && cd "$WORK/build"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	cat > f$i.c <<EOF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct rec$i { int key; char name[32]; double w[8]; };
static int cmp$i(const void *a, const void *b)
{
	const struct rec$i *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}
double work$i(int n)
{
	struct rec$i *r = calloc(n, sizeof(*r));
	double s = 0;
	int i, j;
	for (i = 0; i < n; i++) {
		r[i].key = (i * 7919 + $i) % n;
		snprintf(r[i].name, sizeof(r[i].name), "r%d", i);
		for (j = 0; j < 8; j++)
			r[i].w[j] = i * 0.5 + j;
	}
	qsort(r, n, sizeof(*r), cmp$i);
	for (i = 0; i < n; i++)
		s += r[i].w[i % 8] + strlen(r[i].name);
	free(r);
	return s;
}
EOF
	echo "double work$i(int n);" >> decl.h
	echo "s += work$i(1000);" >> calls.h
done
printf '#include <stdio.h>\n#include "decl.h"\nint main(void)\n{\n\tdouble s = 0;\n#include "calls.h"\n\tprintf("%%f\\n", s);\n\treturn 0;\n}\n' > main.c
printf 'OBJS = $(patsubst %%.c,%%.o,$(wildcard *.c))\nCFLAGS = -O2 -g\ndemo: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n' > Makefile
$STRACE -o "$WORK/make-j4.strace" make -j4 >/dev/null
./demo >/dev/null

# (b) nginx, master + 4 workers sharing two 1 MiB shm zones, 1000 requests
mkdir -p "$WORK/nginx/html" && cd "$WORK/nginx"
head -c 20000 /dev/zero | tr '\0' x > html/index.html
cat > nginx.conf <<EOF
daemon off;
master_process on;
worker_processes 4;
user www-data;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 64; }
http {
	access_log off;
	limit_conn_zone \$binary_remote_addr zone=addr:1m;
	limit_req_zone \$binary_remote_addr zone=req:1m rate=100000r/s;
	server {
		listen 127.0.0.1:18089;
		root $WORK/nginx/html;
		location / { limit_conn addr 16; limit_req zone=req burst=1000; }
	}
}
EOF
chmod 755 "$WORK" "$WORK/nginx" "$WORK/nginx/html"
$STRACE -o "$WORK/nginx-workers.strace" nginx -c "$WORK/nginx/nginx.conf" &
for i in $(seq 50); do
	curl -s -o /dev/null http://127.0.0.1:18089/ && break
	sleep 0.1
done
curl -s --parallel --parallel-max 4 -o /dev/null \
	"http://127.0.0.1:18089/index.html?[1-1000]" 2>/dev/null
kill -QUIT "$(cat nginx.pid)"
wait

# (c) python3 multiprocessing.Pool(4), fork start method, 64 tasks
cd "$WORK"
cat > pool.py <<'EOF'
# A fork-based worker pool: 4 workers, 64 tasks, each building and hashing a list.
import hashlib
import multiprocessing as mp

def work(n):
    data = [str(i * n).encode() for i in range(50000)]
    return hashlib.sha256(b"".join(data)).hexdigest()[:8]

if __name__ == "__main__":
    mp.set_start_method("fork")
    table = [bytes(1000) for _ in range(2000)]   # parent state the workers inherit
    with mp.Pool(4) as pool:
        out = pool.map(work, range(64), chunksize=4)
    print(len(out), out[0], len(table))
EOF
$STRACE -o "$WORK/python-pool.strace" python3 pool.py >/dev/null

for t in make-j4 nginx-workers python-pool; do
	xz -9e -c "$WORK/$t.strace" > "$OUT/$t.strace.xz"
	echo "record.sh: $OUT/$t.strace.xz ($(wc -l < "$WORK/$t.strace") lines)"
done
