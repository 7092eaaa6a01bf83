"""The long-lived worker that runs inside a sandbox and forks one child per execution.

Standard library only; started as `python -I zygote.py UID` by a sandbox backend. It talks to the
host over its original stdin/stdout with `wire` messages and never runs untrusted code itself:
each execution is a forked child that drops to an unprivileged uid (other than the worker's), gets
its own session, rlimits and private working directory, and is killed with every process it left.
The worker reports raw facts (exit code, signal, output, per-case values); the host decides.
"""

from __future__ import annotations

import gc
import math
import os
import resource
import select
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import wire  # noqa: E402

# Loaded once here so each forked child starts with them warm. Every module, and every shared library
# one loads (hashlib's libcrypto, shutil's bz2 and lzma), adds pages and mappings that each fork copies
# and each exit unmaps; the rest are imported by the programs that use them.
PRELOAD = ("ast", "bisect", "collections", "copy", "functools", "heapq", "itertools", "json", "math",
           "operator", "re", "string", "typing")
RESULT_FD = 3
WORK_ROOT = "/tmp/sftmine-exec"
READ_CHUNK = 65536
SUBREAPER = False  # set in main: orphans come back to the worker, so "no children left" means none survived
MAX_UID = 0  # set in main: the highest uid this user namespace maps
GROUPLESS = False  # set in main: the worker holds no supplementary groups, so its children need not drop any
BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
CONFINED = "--confined"  # marks the interpreter exec'd after confinement (its value: subreaper or none)


def main() -> None:
    uid = int(sys.argv[1])
    options = dict(zip(sys.argv[2::2], sys.argv[3::2]))  # --userns HOST_UID, --seccomp HEX
    if CONFINED not in options:
        _confine_and_reexec(options)
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # a stray print in the worker must not corrupt the protocol
    for name in PRELOAD:
        __import__(name)
    os.environ.clear()  # what every execution starts from, set here once rather than in each child
    os.environ.update(BASE_ENV)
    sys.stdin = open(0, encoding="utf-8", errors="replace", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)
    gc.collect()
    gc.freeze()  # what the worker loaded stays out of the children's collections, so fewer pages get copied
    global SUBREAPER, MAX_UID
    SUBREAPER = options[CONFINED] == "subreaper"
    MAX_UID = _max_uid()
    base_vm = _vm_bytes()
    can_setuid = os.geteuid() == 0
    _limit_once(can_setuid)
    wire.send(proto_out, {"ready": True, "python": sys.version.split()[0], "pid": os.getpid(),
                          "isolated_uid": can_setuid})
    while True:
        request = wire.recv(proto_in)
        if request is None:
            return
        if request.get("op") == "ping":
            wire.send(proto_out, {"pong": True, "leftover": _processes_of(uid)})
            continue
        run_uid = int(request.get("uid") or uid) if can_setuid else None
        try:
            reply = execute(request, run_uid, base_vm, [proto_in.fileno(), proto_out.fileno()])
        except Exception:  # a bug here must reach the host as a sandbox error, not a hang
            reply = {"error": traceback.format_exc(limit=5)}
        wire.send(proto_out, reply)


def _confine_and_reexec(options: dict) -> None:
    """Confine this process (confine.py), then replace it with a fresh interpreter that serves.

    The confinement outlives execve (the user namespace, the seccomp filter with no_new_privs, the
    subreaper flag), while ctypes and libffi, which only the confinement needs, do not get loaded into
    the process every execution is forked from.
    """
    import confine

    subreaper = confine.become_subreaper()
    os.makedirs(WORK_ROOT, mode=0o711, exist_ok=True)
    if "--userns" in options:
        confine.enter_userns(int(options["--userns"]), [WORK_ROOT])
    if "--seccomp" in options:
        confine.install_filter(bytes.fromhex(options["--seccomp"]))
    flags = [flag for flag, on in (("-I", sys.flags.isolated), ("-s", sys.flags.no_user_site),
                                   ("-S", sys.flags.no_site), ("-B", sys.flags.dont_write_bytecode)) if on]
    os.execv(sys.executable, [sys.executable, *flags, os.path.abspath(sys.argv[0]), sys.argv[1],
                              CONFINED, "subreaper" if subreaper else "none"])


_made = 0


def _workdir() -> str:
    """A fresh private directory under WORK_ROOT (named by a counter: nobody else creates entries there)."""
    global _made
    while True:
        _made += 1
        path = f"{WORK_ROOT}/{os.getpid()}-{_made}"
        try:
            os.mkdir(path, 0o700)
            return path
        except FileExistsError:
            continue


def execute(req: dict, uid: int | None, base_vm: int, keep_closed: list[int]) -> dict:
    workdir = _workdir()
    entries = [workdir]
    for name, text in (req.get("files") or {}).items():
        entries.append(os.path.join(workdir, os.path.basename(name)))
        with open(entries[-1], "w", encoding="utf-8") as fh:
            fh.write(text)
    if uid is not None:
        for entry in entries:
            os.chown(entry, uid, uid)
    sys.stdout.flush()
    sys.stderr.flush()
    pipes = {name: os.pipe() for name in ("stdin", "stdout", "stderr", "result")}
    start = time.monotonic()
    if req.get("mode") == "check" and req.get("prelude") is not None:
        return _execute_apart(req, uid, workdir, base_vm, pipes, keep_closed, start)
    pid = _fork(req, uid, workdir, base_vm, pipes, keep_closed, [pipes["result"][1]])
    _close_child_ends(pipes)
    reply = _supervise(req, pid, pipes, start)
    reply["leftover"] = _reap(uid, pid)
    _remove(workdir)
    return reply


def _execute_apart(req, uid, workdir, base_vm, pipes, keep_closed, start) -> dict:
    """A check run as two processes under two uids: the candidate answers calls, the checker asserts (apart.py)."""
    calls, answers = os.pipe(), os.pipe()
    spare = [*keep_closed, *calls, *answers]
    # The candidate gets neither the nonce nor the check code (and so not the expected answers either).
    serve = {**req, "mode": "serve", "nonce": None, "test_code": None}
    candidate = _fork(serve, uid, workdir, base_vm, pipes, spare, [calls[0], answers[1]])
    checker_uid = None if uid is None else (uid + 1 if uid < MAX_UID else uid - 1)
    checker = _fork({**req, "cwd": "/"}, checker_uid, "/", base_vm, pipes, spare,
                    [pipes["result"][1], calls[1], answers[0]])
    for fd in (*calls, *answers):
        os.close(fd)
    _close_child_ends(pipes)
    reply = _supervise(req, checker, pipes, start)
    _take_candidate_end(reply, candidate)
    reply["leftover"] = _reap(uid, candidate) + (_reap(checker_uid, checker) if checker_uid is not None else 0)
    _remove(workdir)
    return reply


def _take_candidate_end(reply: dict, pid: int) -> None:
    """A candidate killed on its own (CPU or memory limit, a crash) decides how the execution ended."""
    got, status, usage = os.wait4(pid, os.WNOHANG)
    if got == 0:  # still waiting for calls: it did nothing wrong
        _kill_group(pid)
        os.wait4(pid, 0)
        return
    if os.WIFSIGNALED(status):
        reply.update(exit_code=os.waitstatus_to_exitcode(status), signal=os.WTERMSIG(status),
                     cpu_s=round(usage.ru_utime + usage.ru_stime, 6), max_rss_kb=usage.ru_maxrss)


def _fork(req, uid, workdir, base_vm, pipes, keep_closed, channels) -> int:
    pid = os.fork()
    if pid == 0:  # child: never returns
        _child(req, uid, workdir, base_vm, pipes, keep_closed, channels)
    return pid


def _close_child_ends(pipes: dict) -> None:
    for name, (r, w) in pipes.items():
        os.close(r if name == "stdin" else w)


def _remove(workdir: str) -> None:
    """Delete the work directory and whatever the program left in it (its processes are gone by now)."""
    try:
        os.rmdir(workdir)  # the common case: the program left nothing behind
        return
    except OSError:
        pass
    for root, dirs, files in os.walk(workdir, topdown=False):  # never follows links
        for name in files:
            _quietly(os.unlink, os.path.join(root, name))
        for name in dirs:
            path = os.path.join(root, name)
            _quietly(os.unlink if os.path.islink(path) else os.rmdir, path)
    _quietly(os.rmdir, workdir)


def _quietly(op, path: str) -> None:
    try:
        op(path)
    except OSError:
        pass


class _ChildIO:
    """The parent's ends of the child's pipes: feeds stdin, collects output up to a cap."""

    def __init__(self, pipes: dict, stdin_data: bytes, cap: int) -> None:
        self.cap, self.stdin_data = cap, stdin_data
        self.stdin_fd = pipes["stdin"][1]
        if stdin_data:
            os.set_blocking(self.stdin_fd, False)
        else:
            self._close_stdin()
        self.readers = {pipes[n][0]: n for n in ("stdout", "stderr", "result")}
        for fd in self.readers:
            os.set_blocking(fd, False)
        self.bufs = {n: bytearray() for n in ("stdout", "stderr", "result")}
        self.over_output = False

    def pump(self, timeout: float, extra: int | None) -> None:
        watch = list(self.readers) + ([extra] if extra is not None else [])
        writers = [self.stdin_fd] if self.stdin_fd >= 0 else []
        ready_r, ready_w, _ = select.select(watch, writers, [], timeout)
        if ready_w:
            self._feed()
        for fd in ready_r:
            if fd in self.readers:
                self._read(fd)

    def drain(self) -> None:
        """Take what the exited program left in the pipes, without waiting for anyone still holding them."""
        for fd in list(self.readers):
            while fd in self.readers and not self.over_output and self._read(fd):
                pass

    def _feed(self) -> None:
        try:
            self.stdin_data = self.stdin_data[os.write(self.stdin_fd, self.stdin_data[:READ_CHUNK]):]
        except BlockingIOError:
            return
        except BrokenPipeError:  # the program stopped reading; that is its business
            self.stdin_data = b""
        if not self.stdin_data:
            self._close_stdin()

    def _read(self, fd: int) -> bool:
        try:
            chunk = os.read(fd, READ_CHUNK)
        except BlockingIOError:
            return False
        if not chunk:
            del self.readers[fd]
            os.close(fd)
            return False
        buf = self.bufs[self.readers[fd]]
        buf.extend(chunk)
        self.over_output = self.over_output or len(buf) > self.cap
        return True

    def _close_stdin(self) -> None:
        os.close(self.stdin_fd)
        self.stdin_fd = -1

    def close(self) -> None:
        if self.stdin_fd >= 0:
            self._close_stdin()
        for fd in self.readers:
            os.close(fd)
        self.readers = {}

    def text(self, name: str) -> str:
        return bytes(self.bufs[name][:self.cap]).decode("utf-8", "replace")


def _supervise(req: dict, pid: int, pipes: dict, start: float) -> dict:
    deadline = start + float(req.get("wall_s", 10.0))
    io = _ChildIO(pipes, (req.get("stdin") or "").encode(), int(req.get("max_output", 1 << 20)))
    pidfd = _pidfd(pid)
    exited, timed_out = None, False
    try:
        while exited is None and not io.over_output:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            if pidfd is None and not io.readers and io.stdin_fd < 0:
                *exited, timed_out = _wait(pid, deadline)  # nothing left to read: just wait for the exit
                break
            io.pump(min(left, 1.0 if pidfd is not None else 0.02), pidfd)
            got, status, usage = os.wait4(pid, os.WNOHANG)
            if got == pid:
                exited = (status, usage)
                io.drain()
    finally:
        if pidfd is not None:
            os.close(pidfd)
    if exited is None:
        _kill_group(pid)
        *exited, _ = _wait(pid, deadline + 5)
    io.close()
    status, usage = exited
    return {
        "exit_code": os.waitstatus_to_exitcode(status) if status is not None else None,
        "signal": os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None,
        "timed_out": timed_out,
        "output_limit": io.over_output,
        "stdout": io.text("stdout"), "stderr": io.text("stderr"), "result": io.text("result"),
        "duration_s": round(time.monotonic() - start, 6),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 6) if usage else None,
        "max_rss_kb": usage.ru_maxrss if usage else None,
    }


def _wait(pid: int, deadline: float):
    """(status, rusage, killed): wait for the child, killing it at the deadline."""
    pidfd = _pidfd(pid)
    delay = 0.00005
    try:
        while True:
            try:
                got, status, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                return None, None, False
            if got == pid:
                return status, usage, False
            left = deadline - time.monotonic()
            if left <= 0:
                _kill_group(pid)
                _, status, usage = os.wait4(pid, 0)
                return status, usage, True
            if pidfd is not None:
                select.select([pidfd], [], [], left)
            else:
                time.sleep(min(delay, left))
                delay = min(delay * 2, 0.005)
    finally:
        if pidfd is not None:
            os.close(pidfd)


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _reap(uid: int | None, pid: int) -> int:
    """Kill every process the execution left (by uid when isolated); return how many survived."""
    _kill_group(pid)
    if not _collect_orphans() and SUBREAPER:
        return 0  # the common case, decided in one syscall instead of a scan of /proc
    if uid is not None:
        for _ in range(20):
            if not _processes_of(uid):
                break
            killer = os.fork()
            if killer == 0:
                try:
                    os.setgid(uid)
                    os.setuid(uid)
                    os.kill(-1, signal.SIGKILL)  # everything this uid may signal: exactly its own
                finally:
                    os._exit(0)
            os.waitpid(killer, 0)
            _collect_orphans()
    _collect_orphans()
    return len(_processes_of(uid)) if uid is not None else 0


def _collect_orphans() -> bool:
    """Reap every exited descendant; True while some are still alive."""
    while True:
        try:
            got, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if got == 0:
            return True


def _processes_of(uid: int) -> list[int]:
    """Pids owned by `uid`: a /proc/PID directory belongs to the process's effective uid."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat(follow_symlinks=False).st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _child(req, uid, workdir, base_vm, pipes, keep_closed, channels) -> None:
    """Set up and run one process of an execution; `channels` become its fds 3, 4, ... (see harness, apart)."""
    code = 70
    try:
        os.setsid()
        os.dup2(pipes["stdin"][0], 0)
        os.dup2(pipes["stdout"][1], 1)
        os.dup2(pipes["stderr"][1], 2)
        for fd, channel in enumerate(channels, start=RESULT_FD):
            os.dup2(channel, fd)
        # One close_range for the worker's descriptors and the pipes' spare ends.
        ends = (end for pair in pipes.values() for end in pair)
        os.closerange(RESULT_FD + len(channels), max(*keep_closed, *ends) + 1)
        os.chdir(req.get("cwd") or workdir)
        _limit(req, base_vm)
        if uid is not None:
            if not GROUPLESS:
                os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        os.environ.update({"HOME": workdir, "TMPDIR": workdir, **(req.get("env") or {})})  # onto BASE_ENV
        if req.get("argv"):
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # Python ignores it; a native program must not
            os.execve(req["argv"][0], req["argv"], os.environ)
        code = harness.run(req, RESULT_FD)
    except BaseException:
        traceback.print_exc()
    finally:
        _flush()
        os._exit(code)


def _limit_once(can_setuid: bool) -> None:
    """What is the same for every execution is set on the worker once and inherited: no core files, at most
    256 descriptors (the worker needs a few dozen), no supplementary groups."""
    global GROUPLESS
    for which, value in ((resource.RLIMIT_CORE, 0), (resource.RLIMIT_NOFILE, 256)):
        resource.setrlimit(which, (value, value))
    if can_setuid:
        try:
            os.setgroups([])
        except OSError:
            pass
    GROUPLESS = not os.getgroups()


def _limit(req: dict, base_vm: int) -> None:
    cpu = max(1, math.ceil(float(req.get("cpu_s", 10))))  # rlimits count whole seconds
    memory = base_vm + int(req.get("memory_mb", 512)) * 1024 * 1024
    procs = int(req.get("max_procs", 16))
    fsize = int(req.get("max_file_mb", 64)) * 1024 * 1024
    # CPU: the hard limit a second above the soft one, so SIGXCPU (a timeout) comes before SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    limits = [(resource.RLIMIT_AS, memory), (resource.RLIMIT_NPROC, procs), (resource.RLIMIT_FSIZE, fsize)]
    for which, value in limits:
        resource.setrlimit(which, (value, value))


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:  # noqa: S110 - the candidate may have replaced or closed it
            pass


def _max_uid() -> int:
    with open("/proc/self/uid_map") as fh:
        return max(int(first) + int(count) - 1 for first, _, count in (line.split() for line in fh))


def _vm_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


if __name__ == "__main__":
    main()
