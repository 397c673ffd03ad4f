#!/usr/bin/env python3
"""CPU per thread of the processes whose command line matches a pattern, over a window: thread-cpu.py PATTERN WAIT
SECONDS waits WAIT seconds, reads utime + stime of every thread from /proc twice, SECONDS apart, and prints the
share of one core each (process, thread name with digits folded, but not C1/C2 of the JIT compiler threads) used,
then per process. Used beside end-to-end.sh to see where the two cores go under load (docs/performance.md, issue #24
third round), e.g.
  python3 bench/thread-cpu.py 'java|postgres|chrom' 60 40
"""
import collections
import os
import re
import sys
import time

pattern, wait, window = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
ticks = os.sysconf('SC_CLK_TCK')


def matching():
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            command = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\0', b' ').decode(errors='replace')
        except OSError:
            continue
        if re.search(pattern, command):
            yield pid, command[:60]


def sample():
    cpu = {}
    for pid, command in matching():
        try:
            threads = os.listdir(f'/proc/{pid}/task')
        except OSError:
            continue
        for tid in threads:
            try:
                stat = open(f'/proc/{pid}/task/{tid}/stat').read()
            except OSError:
                continue
            name = stat[stat.index('(') + 1:stat.rindex(')')]
            fields = stat[stat.rindex(')') + 2:].split()
            cpu[(pid, command, tid, name)] = int(fields[11]) + int(fields[12])
    return cpu


time.sleep(wait)
before = sample()
time.sleep(window)
after = sample()
by_thread, by_process = collections.Counter(), collections.Counter()
for key, used in after.items():
    pid, command, _, name = key
    delta = used - before.get(key, 0)  # a thread born in the window counts from zero
    by_thread[(f'{pid} {command[:34]}', re.sub(r'(?<!^C)\d+', 'N', name))] += delta
    by_process[f'{pid} {command}'] += delta
for (process, thread), used in by_thread.most_common(25):
    if used:
        print(f'{100.0 * used / ticks / window:6.1f}%  {process:40s} {thread}')
print('-- per process')
for process, used in by_process.most_common(10):
    print(f'{100.0 * used / ticks / window:6.1f}%  {process}')
