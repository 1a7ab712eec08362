#!/usr/bin/python3
"""The command line's whole-process figures, for BENCHMARKS.md (run by scripts/benchmark.sh).

  bench_cli.py time   DIR KEY ROUNDS OURS IMGTOOL [LABEL=CMD...]  sign 1 KiB, 16 MiB, 64 MiB, each tool in turn
  bench_cli.py memory DIR KEY OURS [LABEL=CMD...]     peak memory of sign and verify, 64 MiB and 1 GiB

OURS and IMGTOOL are commands (split on spaces) that take imgtool's arguments. Every run is one
whole process: start-up, reading, hashing, signing, writing and (ours) reading back and verifying
the written image. Only the Python standard library.
"""
import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time

SIGN = ["sign", "-H", "0x200", "--pad-header", "--align", "4", "-S", "0x50000000", "-v", "1.0.0", "-k"]


def payload(directory, name, size):
    """A file of `size` pseudo-random bytes (fixed seed): firmware does not compress like zeros."""
    path = os.path.join(directory, name)
    if not os.path.exists(path) or os.path.getsize(path) != size:
        rnd = random.Random(42)
        with open(path, "wb") as f:
            left = size
            while left > 0:
                n = min(left, 1 << 20)
                f.write(rnd.randbytes(n))
                left -= n
    return path


def run(cmd):
    """Wall time, CPU time (user + system) and exit code of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, code


def spread(values):
    return "%.3f / %.3f / %.3f" % (min(values), statistics.median(values), max(values))


def timing(directory, key, rounds, ours, imgtool, others):
    tools = [("zephyr-sign", ours.split())] + ([("imgtool", imgtool.split())] if imgtool else []) \
        + [(o.split("=", 1)[0], o.split("=", 1)[1].split()) for o in others]
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    print("| input | tool | wall s, min / median / max | CPU s, median | same bytes as imgtool |")
    print("| --- | --- | --- | --- | --- |")
    for label, size in (("1 KiB", 1024), ("16 MiB", 16 << 20), ("64 MiB", 64 << 20)):
        firmware = payload(directory, "fw-%d.bin" % size, size)
        results = {name: ([], []) for name, _ in tools}
        outputs = {name: os.path.join(directory, "%s-%d.bin" % (name, size)) for name, _ in tools}
        for r in range(rounds):
            # In turn, and the other one first every other round: neither always follows the other.
            order = tools if r % 2 == 0 else list(reversed(tools))
            for name, cmd in order:
                wall, cpu, code = run(cmd + SIGN + [key, firmware, outputs[name]])
                if code != 0:
                    sys.exit("%s failed (exit %d) on %s" % (name, code, label))
                results[name][0].append(wall)
                results[name][1].append(cpu)
        same = ""
        for name, _ in tools:
            walls, cpus = results[name]
            same = ""
            if imgtool and name != "imgtool":
                with open(outputs[name], "rb") as a, open(outputs["imgtool"], "rb") as b:
                    same = "yes" if a.read() == b.read() else "NO"
            print("| %s | %s | %s | %.3f | %s |" % (label, name, spread(walls), statistics.median(cpus), same))
        for path in outputs.values():
            os.remove(path)
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())


def peak(cmd, env=None):
    """Runs `cmd`; the kernel's peak resident set (VmHWM) and the largest anonymous and file-backed
    parts seen while sampling /proc every 2 ms, in MiB; and the exit code."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    seen = {"VmHWM": 0, "RssAnon": 0, "RssFile": 0}
    done = threading.Event()

    def sample():
        path = "/proc/%d/status" % proc.pid
        while not done.is_set():
            try:
                with open(path) as f:
                    for line in f:
                        field = line.split(":")[0]
                        if field in seen:
                            seen[field] = max(seen[field], int(line.split()[1]))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                pass
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = proc.wait()
    done.set()
    sampler.join()
    return {k: v / 1024 for k, v in seen.items()}, code


def smallest_heap(cmd_for_heap):
    """The smallest of 16, 32, 64, 128... MiB heaps the command succeeds in."""
    for mib in (16, 32, 64, 128, 256, 512, 1024, 2048, 4096):
        if subprocess.run(cmd_for_heap(mib), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
            return mib
    return None


def memory(directory, key, ours, others):
    print("| image | tool | command | peak RSS MiB | of it anonymous / file-backed (sampled) | smallest -Xmx that works |")
    print("| --- | --- | --- | --- | --- | --- |")
    tools = [("zephyr-sign", ours)] + [tuple(o.split("=", 1)) for o in others]
    for label, size in (("64 MiB", 64 << 20), ("1 GiB", 1 << 30)):
        firmware = payload(directory, "fw-%d.bin" % size, size)
        for name, cmd in tools:
            out = os.path.join(directory, "mem-%s-%d.bin" % (name.replace(" ", "_"), size))
            sign = cmd.split() + SIGN + [key, firmware, out]
            verify = cmd.split() + ["verify", "-k", key, out]
            for what, args in (("sign", sign), ("verify", verify)):
                if what == "verify" and not os.path.exists(out):
                    continue
                m, code = peak(args)
                heap = ""
                if name.startswith("zephyr-sign") or cmd.startswith("java"):
                    heap = smallest_heap(lambda mib: with_heap(args, mib))
                    heap = "%d MiB" % heap if heap else "none up to 4 GiB"
                status = "" if code == 0 else " (exit %d)" % code
                print("| %s | %s | %s%s | %.0f | %.0f / %.0f | %s |" % (label, name, what, status, m["VmHWM"],
                                                                     m["RssAnon"], m["RssFile"], heap))
            if os.path.exists(out):
                os.remove(out)
        os.remove(firmware)


def with_heap(args, mib):
    """The same command with a heap limit: through JAVA_OPTS for the launcher, or as a java option."""
    if args[0] == "java":
        return [args[0], "-Xmx%dm" % mib] + args[1:]
    return ["env", "JAVA_OPTS=-Xmx%dm" % mib] + args


if __name__ == "__main__":
    if len(sys.argv) >= 7 and sys.argv[1] == "time":
        timing(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7:])
    elif len(sys.argv) >= 5 and sys.argv[1] == "memory":
        memory(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        sys.exit(__doc__)
