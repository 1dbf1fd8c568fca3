"""Load Tests monitor: a Locust plugin that pushes run statistics to the Backstage backend.

Loaded next to the user's locustfile (``-f user.py,monitor.py``). On the master (or a
standalone runner) it posts a snapshot every interval, clock-aligned, and a final one on
``quit`` with the exit code. When the backend answers a delivery with ``"stop": true`` (the
run was stopped in the portal) it stops Locust as SIGTERM does. On workers it only tags
their reports with the node name the executor gave them, so the master can tell which
process is which.

Configuration comes from the environment:
  LT_RUN_ID, LT_WEBHOOK_URL, LT_WEBHOOK_SECRET  where and how to deliver
  LT_INTERVAL (5)          seconds between full snapshots (with histograms)
  LT_TICK (1)              seconds between light ticks (per-second counts, users)
  LT_WORKER_REPORT_INTERVAL (1)  how often workers report to the master (Locust: 3)
  LT_CPU_INTERVAL (2)      how often every node measures its CPU and memory (Locust: 10)
  LT_NODE_NAME             this process' node name (workers)
  LT_OUTBOX_MAX (5000)     snapshots kept while the backend is unreachable
  LT_FINAL_FLUSH (120)     seconds the master waits at exit to deliver what is left
  LT_SECONDS_WINDOW (20)   how far back a second's count may still change
  LT_MAX_USERS             the most users the platform lets the run have: a shape asking
                           for more is capped, a script going past it otherwise is stopped
  LT_MAX_USERS_SETTING     the setting behind LT_MAX_USERS, named in the warning
  LT_TIME_LIMIT            seconds a run with a LoadTestShape may run: then it is stopped
                           as its time limit would stop a run without a shape
  LT_LOG_MAX_BYTES         what this process may print in all; the rest is left out
"""

import collections
import hashlib
import sys
import traceback
import hmac
import json
import logging
import os
import time

import gevent
import gevent.event
import locust.runners
import requests
from locust import events
from locust.runners import MasterRunner, WorkerRunner

log = logging.getLogger("load-testing-monitor")

RUN_ID = os.environ.get("LT_RUN_ID", "")
URL = os.environ.get("LT_WEBHOOK_URL", "")
SECRET = os.environ.get("LT_WEBHOOK_SECRET", "").encode()
INTERVAL = float(os.environ.get("LT_INTERVAL", "5"))
TICK = float(os.environ.get("LT_TICK", "1"))
WORKER_REPORT = float(os.environ.get("LT_WORKER_REPORT_INTERVAL", "1"))
CPU_INTERVAL = float(os.environ.get("LT_CPU_INTERVAL", "2"))
# Locust's own interval, which its usage greenlet sleeps first
LOCUST_CPU_INTERVAL = 10.0
NODE_NAME = os.environ.get("LT_NODE_NAME", "")
OUTBOX_MAX = int(os.environ.get("LT_OUTBOX_MAX", "5000"))
FINAL_FLUSH = float(os.environ.get("LT_FINAL_FLUSH", "120"))
SECONDS_WINDOW = int(os.environ.get("LT_SECONDS_WINDOW", "20"))
MAX_USERS = int(os.environ.get("LT_MAX_USERS", "0")) or None
MAX_USERS_SETTING = os.environ.get("LT_MAX_USERS_SETTING", "the run's users")
TIME_LIMIT = float(os.environ.get("LT_TIME_LIMIT", "0")) or None
# the planned curve of a shape: at most this many seconds simulated, this much CPU time
PLAN_SECONDS_MAX = 7 * 24 * 3600
PLAN_BUDGET = 1.0


def _key(method, name):
    return f"{method} {name}"


class _CappedStream:
    """A text stream that stops writing after a budget shared by stdout and stderr, once
    saying so: a script that floods its log cannot fill the disk or its readers."""

    left = int(os.environ.get("LT_LOG_MAX_BYTES", "0") or 0)

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        if _CappedStream.left <= 0:
            return len(text)
        size = len(text.encode("utf-8", "replace"))
        if size > _CappedStream.left:
            self._stream.write(text[: _CappedStream.left])
            self._stream.write("\n[the rest of this log is left out: it reached loadTesting.limits.maxLogBytes]\n")
            _CappedStream.left = 0
            return len(text)
        _CappedStream.left -= size
        return self._stream.write(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _cap_output():
    if _CappedStream.left <= 0:
        return
    originals = {id(sys.stdout): None, id(sys.stderr): None}
    sys.stdout, sys.stderr = _CappedStream(sys.stdout), _CappedStream(sys.stderr)
    for logger in [logging.getLogger(), *[logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]]:
        for handler in getattr(logger, "handlers", []):
            if isinstance(handler, logging.StreamHandler) and id(handler.stream) in originals:
                handler.setStream(_CappedStream(handler.stream))


_cap_output()


def _tb_key(formatted_tb):
    return hashlib.sha1(formatted_tb.encode("utf-8", "replace")).hexdigest()


# Locust reports an exception by its message and traceback only: the class name of each
# traceback seen here, for the master (whose own errors it records directly)
_exception_types = {}


@events.user_error.add_listener
def _on_user_error(user_instance, exception, tb, **_kwargs):
    if len(_exception_types) < 200:
        _exception_types.setdefault(_tb_key("".join(traceback.format_tb(tb))), type(exception).__name__)


def _stored(entry):
    d = entry["delta"]
    return {"r": d["requests"], "f": d["failures"], "t": d["totalResponseTime"], "h": d["histogram"]}


class Monitor:
    def __init__(self, environment):
        self.env = environment
        self.seq = 0
        self.outbox = collections.deque()
        self.dropped = 0
        self.prev = {}  # key -> (num_requests, num_failures, total_response_time, response_times)
        self.worker_nodes = {}  # locust client id -> (node name, pid)
        self.sent_seconds = {}  # key -> {second: (requests, failures)} last sent
        self.session = requests.Session()
        self.finished = False
        self.delivered = gevent.event.Event()  # the final flush is over
        self.quitting = False  # Locust is shutting down
        self.sender = None
        self.ticker = None
        self.warnings = []  # limits held, sent with the next delivery
        self.warned = set()
        self.shape = None  # the planned curve, sent with the first delivery
        self.limit_timer = None
        self.exception_types = {}  # sha1 of a traceback -> the exception's class name

    def warn(self, code, message):
        if code in self.warned:
            return
        self.warned.add(code)
        log.warning("monitor: %s", message)
        self.warnings.append({"code": code, "message": message, "ts": time.time()})

    def _extras(self, snap):
        """What a delivery carries once: warnings, and the shape's plan with the first one."""
        if self.warnings:
            snap["warnings"], self.warnings = self.warnings, []
        if self.shape is not None:
            snap["shape"], self.shape = self.shape, None
        return snap

    # ---- snapshot -------------------------------------------------------------------

    def _entry(self, e, key):
        prev = self.prev.get(key)
        # stats are cleared when a test starts: a counter going down means a new baseline
        if prev is None or e.num_requests < prev[0]:
            prev = (0, 0, 0, {})
            self.sent_seconds.pop(key, None)
        hist = {}
        for rt, count in e.response_times.items():
            d = count - prev[3].get(rt, 0)
            if d:
                hist[str(rt)] = d
        self.prev[key] = (e.num_requests, e.num_failures, e.total_response_time, dict(e.response_times))
        return {
            "method": e.method or "",
            "name": e.name,
            "numRequests": e.num_requests,
            "numFailures": e.num_failures,
            "numNoneRequests": e.num_none_requests,
            "totalResponseTime": e.total_response_time,
            "minResponseTime": e.min_response_time,
            "maxResponseTime": e.max_response_time,
            "totalContentLength": e.total_content_length,
            "totalRps": e.total_rps,
            "totalFailPerSec": e.total_fail_per_sec,
            # Locust's own run time: from the start of the test to the last request
            "startTime": e.start_time,
            "lastRequestTimestamp": e.last_request_timestamp,
            "delta": {
                "requests": e.num_requests - prev[0],
                "failures": e.num_failures - prev[1],
                "totalResponseTime": e.total_response_time - prev[2],
                "histogram": hist,
            },
        }

    def _per_second(self, e, key, since):
        # only seconds whose counts changed since the previous snapshot: every change is in
        # some snapshot, and the outbox keeps every snapshot until it is delivered
        sent = self.sent_seconds.setdefault(key, {})
        out = []
        for sec, count in list(e.num_reqs_per_sec.items()):
            if sec < since:
                continue
            row = (count, e.num_fail_per_sec.get(sec, 0))
            if sent.get(sec) != row:
                sent[sec] = row
                out.append([sec, row[0], row[1]])
        for sec in [s for s in sent if s < since]:
            del sent[sec]
        out.sort()
        return out

    def snapshot(self, final=False, exit_code=None):
        runner = self.env.runner
        stats = self.env.stats
        now = time.time()
        since = int(now) - SECONDS_WINDOW
        entries = []
        per_second = {"": self._per_second(stats.total, "", since)}
        for (name, method), e in list(stats.entries.items()):
            key = _key(method or "", name)
            entries.append(self._entry(e, key))
            changed = self._per_second(e, key, since)
            if changed:
                per_second[key] = changed
        total = self._entry(stats.total, "")
        # time under load so far: Locust's run time even when no request was made
        total["loadSeconds"] = max(0.0, now - stats.total.start_time)
        # the stored form of this interval, serialized here once: the backend keeps it as
        # received instead of parsing and re-serializing every endpoint's histogram
        sample = {"": _stored(total)}
        for e in entries:
            sample[_key(e["method"], e["name"])] = _stored(e)
            del e["delta"]["histogram"]
        workers, master = self._nodes(runner)
        self.seq += 1
        return self._extras({
            "seq": self.seq,
            "ts": now,
            "final": final,
            "exitCode": exit_code,
            "state": runner.state if runner else "unknown",
            "userCount": runner.user_count if runner else 0,
            "entries": entries,
            "total": total,
            "sample": json.dumps(sample, separators=(",", ":")),
            "perSecond": per_second,
            "errors": [
                {"method": err.method or "", "name": err.name, "error": str(err.error), "occurrences": err.occurrences}
                for err in list(stats.errors.values())
            ],
            "exceptions": [
                {
                    "count": ex["count"],
                    "type": self.exception_types.get(_tb_key(ex["traceback"])),
                    "msg": ex["msg"],
                    "traceback": ex["traceback"],
                    "nodes": sorted(ex["nodes"]),
                }
                for ex in list(runner.exceptions.values())
            ]
            if runner
            else [],
            "workers": workers,
            "master": master,
            "dropped": self.dropped,
        })

    def _nodes(self, runner):
        """Every node's state, CPU, memory and users, as the master knows them."""
        workers = []
        if isinstance(runner, MasterRunner):
            for client_id, w in list(runner.clients.items()):
                node, pid = self.worker_nodes.get(client_id, (None, None))
                workers.append(
                    {
                        "id": client_id,
                        "node": node,
                        "pid": pid,
                        "state": w.state,
                        "cpuPercent": w.cpu_usage,
                        "memoryBytes": w.memory_usage,
                        "userCount": sum(w.user_classes_count.values()),
                    }
                )
        master = {
            "cpuPercent": getattr(runner, "current_cpu_usage", 0),
            "memoryBytes": getattr(runner, "current_memory_usage", 0),
        }
        return workers, master

    # ---- delivery ---------------------------------------------------------------------

    def enqueue(self, snap):
        body = json.dumps(snap, separators=(",", ":")).encode()
        if len(self.outbox) >= OUTBOX_MAX:
            self.outbox.popleft()
            self.dropped += 1
        self.outbox.append(body)

    def _post(self, body):
        t = str(int(time.time()))
        sig = hmac.new(SECRET, t.encode() + b"." + body, hashlib.sha256).hexdigest()
        resp = self.session.post(
            URL,
            data=body,
            headers={"content-type": "application/json", "x-load-testing-signature": f"t={t},v1={sig}"},
            timeout=10,
        )
        if resp.status_code < 300 and self._asks_to_stop(resp):
            self.stop_locust()
        # 2xx stored (or already stored); 404/409/401 will never succeed: drop, keep going
        if resp.status_code < 300 or resp.status_code in (400, 401, 404, 409, 413):
            if resp.status_code >= 300:
                log.warning("monitor: delivery refused with %s: %s", resp.status_code, resp.text[:200])
            return True
        raise RuntimeError(f"HTTP {resp.status_code}")

    @staticmethod
    def _asks_to_stop(resp):
        try:
            return bool(resp.json().get("stop"))
        except ValueError:
            return False

    def stop_locust(self, why="the run was stopped from the portal"):
        """Ends the run as its time limit would (users stop, workers quit, the final
        snapshot is sent, Locust exits)."""
        if self.quitting or self.finished or self.env.runner is None:
            return
        self.quitting = True
        log.info("monitor: %s; stopping Locust", why)
        gevent.spawn(self.env.runner.quit)

    def flush(self, deadline=None):
        """Delivers the outbox in order; returns True when it is empty."""
        backoff = 0.5
        while self.outbox:
            try:
                self._post(self.outbox[0])
                self.outbox.popleft()
                backoff = 0.5
            except Exception as exc:  # connection refused, timeout, 5xx
                if deadline is None or time.time() >= deadline:
                    log.debug("monitor: backend unreachable (%s), %d snapshots waiting", exc, len(self.outbox))
                    return False
                gevent.sleep(min(backoff, max(0.0, deadline - time.time())))
                backoff = min(backoff * 2, 5)
        return True

    def _sender_loop(self):
        while not self.finished:
            if self.outbox and not self.flush():
                gevent.sleep(1)
            else:
                gevent.sleep(0.2)

    def tick(self):
        """A light snapshot between full ones: per-second counts, users and the nodes' CPU
        and memory, no deltas."""
        runner = self.env.runner
        workers, master = self._nodes(runner)
        stats = self.env.stats
        now = time.time()
        since = int(now) - SECONDS_WINDOW
        per_second = {"": self._per_second(stats.total, "", since)}
        for (name, method), e in list(stats.entries.items()):
            key = _key(method or "", name)
            changed = self._per_second(e, key, since)
            if changed:
                per_second[key] = changed
        self.seq += 1
        return self._extras({
            "kind": "tick",
            "seq": self.seq,
            "ts": now,
            "final": False,
            "state": runner.state if runner else "unknown",
            "userCount": runner.user_count if runner else 0,
            "perSecond": per_second,
            # CPU and memory between full snapshots too: Locust measures them every 2 s
            "workers": workers,
            "master": master,
        })

    def _ticker_loop(self):
        # full snapshots on the interval (clock-aligned), ticks every second between them
        while not self.finished:
            now = time.time()
            gevent.sleep(TICK - (now % TICK))
            if self.finished:
                break
            try:
                self.check_users()
                t = time.time()
                if round(t) % round(INTERVAL) == 0 or TICK >= INTERVAL:
                    self.enqueue(self.snapshot())
                else:
                    self.enqueue(self.tick())
            except Exception:
                log.exception("monitor: snapshot failed")

    # ---- limits ---------------------------------------------------------------------

    def cap_users(self):
        """Users above the limit are never spawned: every start the master makes (a shape's
        ticks included) asks for at most MAX_USERS."""
        runner = self.env.runner
        if MAX_USERS is None or runner is None:
            return
        start = runner.start
        monitor = self

        def capped_start(user_count, spawn_rate, *args, **kwargs):
            if user_count > MAX_USERS:
                monitor.warn(
                    "users-capped",
                    f"The script asked for {user_count} users; the platform capped the run at "
                    f"{MAX_USERS} ({MAX_USERS_SETTING})",
                )
                user_count = MAX_USERS
            return start(user_count, spawn_rate, *args, **kwargs)

        runner.start = capped_start

    def check_users(self):
        """A script that spawned users past the cap some other way is stopped."""
        runner = self.env.runner
        if MAX_USERS is None or runner is None or self.quitting:
            return
        if runner.user_count > MAX_USERS:
            self.warn(
                "users-exceeded",
                f"The run had {runner.user_count} users, above the limit of {MAX_USERS} "
                f"({MAX_USERS_SETTING}); it was stopped",
            )
            self.stop_locust("the run went past its user limit")

    def on_test_start(self):
        """A shape decides when a run ends: it still ends at the run's time limit."""
        if TIME_LIMIT is None or self.env.shape_class is None or self.limit_timer:
            return

        def at_limit():
            if self.quitting or self.finished:
                return
            self.warn(
                "time-limit",
                f"Stopped at the run's time limit of {TIME_LIMIT:g} s: the script's shape had not ended",
            )
            self.stop_locust("the run reached its time limit")

        # a shape ticks once a second: its own end may come up to a second after the limit
        self.limit_timer = gevent.spawn_later(TIME_LIMIT + 2, at_limit)

    def plan_shape(self):
        """Users over time the shape plans, from its tick() on a simulated clock, when the
        shape depends on nothing but its run time."""
        shape = self.env.shape_class
        if shape is None:
            return
        info = {"className": type(shape).__name__}
        try:
            sim = type(shape)()
            clock = [0.0]
            sim.get_run_time = lambda: clock[0]
            sim.runner = None
            points, last = [], None
            # past the time limit only the shape's own end matters: is it later?
            shown = min(TIME_LIMIT or PLAN_SECONDS_MAX, PLAN_SECONDS_MAX)
            began = time.process_time()
            t = 0
            while t <= PLAN_SECONDS_MAX:
                clock[0] = float(t)
                tick = sim.tick()
                if tick is None:
                    info["endsAfterSeconds"] = t
                    break
                users = min(int(tick[0]), MAX_USERS) if MAX_USERS else int(tick[0])
                if t <= shown and users != last and len(points) < 2000:
                    points.append([t, users])
                    last = users
                if time.process_time() - began > PLAN_BUDGET:
                    if t < shown:
                        raise RuntimeError("its tick() is too slow to simulate")
                    break
                t += 1
            info["planned"] = points
        except Exception as exc:  # the shape reads the runner or the wall clock
            info.pop("planned", None)
            info["plannedError"] = f"{type(exc).__name__}: {exc}"[:300]
        self.shape = info

    def start(self):
        self.plan_shape()
        self.cap_users()
        self.ticker = gevent.spawn(self._ticker_loop)
        self.sender = gevent.spawn(self._sender_loop)

    def stop(self, exit_code):
        if self.finished:
            # Locust shuts down twice on SIGTERM (its signal handler, then its main
            # greenlet): the second must not exit the process under the first one's flush
            self.delivered.wait(FINAL_FLUSH + 5)
            return
        self.finished = True
        if self.ticker:
            self.ticker.kill(block=False)
        self.enqueue(self.snapshot(final=True, exit_code=exit_code))
        if self.sender:
            self.sender.kill(block=True)
        try:
            if not self.flush(deadline=time.time() + FINAL_FLUSH):
                log.error("monitor: %d snapshots could not be delivered", len(self.outbox))
        finally:
            self.delivered.set()


_monitor = None


def _measure_usage(runner):
    """CPU and memory of this process every CPU_INTERVAL, where Locust keeps them (workers
    send them to the master with every heartbeat, the master reports its own), until
    Locust's own greenlet has slept its first interval and goes on at this pace."""
    try:
        import psutil

        process = psutil.Process()
        process.cpu_percent()
        until = time.time() + LOCUST_CPU_INTERVAL
        while time.time() < until:
            gevent.sleep(CPU_INTERVAL)
            runner.current_cpu_usage = process.cpu_percent()
            runner.current_memory_usage = process.memory_info().rss
    except gevent.GreenletExit:
        raise
    except Exception:
        log.exception("monitor: measuring CPU and memory failed")


@events.init.add_listener
def _on_init(environment, **_kwargs):
    global _monitor
    runner = environment.runner
    # Locust's usage greenlet reads this after each sleep, the first one (10 s) already begun:
    # until then, and at this pace, the monitor measures the node itself
    global LOCUST_CPU_INTERVAL
    LOCUST_CPU_INTERVAL = locust.runners.CPU_MONITOR_INTERVAL
    locust.runners.CPU_MONITOR_INTERVAL = CPU_INTERVAL
    if runner is not None:
        gevent.spawn(_measure_usage, runner)
    if isinstance(runner, WorkerRunner):
        # fresher per-second counts on the master, so charts lag by about a second
        locust.runners.WORKER_REPORT_INTERVAL = WORKER_REPORT

        @events.report_to_master.add_listener
        def _tag(client_id, data, **_kw):
            data["lt_node"] = NODE_NAME
            data["lt_pid"] = os.getpid()
            if _exception_types:
                data["lt_exception_types"] = dict(_exception_types)

        return
    if not URL or not RUN_ID:
        log.warning("monitor: LT_WEBHOOK_URL/LT_RUN_ID not set; not reporting")
        return
    _monitor = Monitor(environment)
    _monitor.exception_types = _exception_types
    if isinstance(runner, MasterRunner):

        @events.worker_report.add_listener
        def _on_worker_report(client_id, data, **_kw):
            if "lt_node" in data:
                _monitor.worker_nodes[client_id] = (data["lt_node"], data.get("lt_pid"))
            types = data.get("lt_exception_types")
            if isinstance(types, dict) and len(_monitor.exception_types) < 200:
                _monitor.exception_types.update(types)

    _monitor.start()


@events.test_start.add_listener
def _on_test_start(**_kwargs):
    if _monitor is not None:
        _monitor.on_test_start()


@events.quitting.add_listener
def _on_quitting(**_kwargs):
    if _monitor is not None:
        _monitor.quitting = True


@events.quit.add_listener
def _on_quit(exit_code, **_kwargs):
    if _monitor is not None:
        _monitor.stop(exit_code)
