"""Load Tests target guard: Locust's clients and the process' sockets reach only allowed hosts.

Loaded first, before the user's locustfile (``-f guard.py,user.py,monitor.py``), on every node.
A request of ``self.client`` (HttpUser or FastHttpUser) to a host outside the platform's target
allowlist, or a redirect that leads there, fails as a request of the run (its error names the
host) instead of being sent. A socket opened any other way (urllib, raw sockets) to an address
that no allowed host resolved to is refused with an exception the run shows.

This guards against mistakes and simple scripts; code that runs in the same process can undo
it. Only a network policy around the process stops any traffic (on Kubernetes, each run
namespace gets one).

Configuration comes from the environment:
  LT_ALLOWED_TARGETS   JSON list of allowed base URLs, `*` matching any run of characters
                       but `/` (the platform's loadTesting.targets.allow)
  LT_WEBHOOK_URL       the monitor's own endpoint, which stays reachable
"""

import json
import os
import re
import socket
import threading
from urllib.parse import urlsplit

import gevent.socket
import requests
from locust.clients import HttpSession
from locust.contrib.fasthttp import LocustUserAgent

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url):
    """`scheme://host[:port]` with the default port left out, lower case; None if the URL has
    parts two parsers could read differently (user info, backslashes, spaces)."""
    if not isinstance(url, str) or re.search(r"[\\\s@]", url.split("?", 1)[0].split("#", 1)[0]):
        return None
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port is None or port == _DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def _pattern(p):
    p = p.strip().rstrip("/").lower()
    return re.compile("^" + "[^/]*".join(re.escape(part) for part in p.split("*")) + "$")


PATTERNS = [_pattern(p) for p in json.loads(os.environ.get("LT_ALLOWED_TARGETS", "[]") or "[]")]
ACTIVE = bool(PATTERNS)


def allowed(url):
    origin = _origin(url)
    return origin is not None and any(p.match(origin) for p in PATTERNS)


def _refusal(url):
    return f"{url} is not an allowed target (loadTesting.targets.allow)"


class NotAllowedTarget(requests.exceptions.ConnectionError):
    """A request of an HttpUser to a host outside the allowlist."""


class NotAllowedTargetFast(ConnectionRefusedError):
    """A request of a FastHttpUser to a host outside the allowlist."""


# ---- Locust's clients: every request and every redirect hop ----------------------------

_send = HttpSession.send


def _guarded_send(self, request, **kwargs):
    if not allowed(request.url):
        raise NotAllowedTarget(_refusal(request.url), request=request)
    return _send(self, request, **kwargs)


_fast_urlopen = LocustUserAgent._urlopen


def _guarded_fast_urlopen(self, request):
    if not allowed(str(request.url)):
        raise NotAllowedTargetFast(_refusal(request.url))
    return _fast_urlopen(self, request)


# ---- sockets: only addresses an allowed host resolved to --------------------------------

_lock = threading.Lock()
_resolved = set()  # (ip, port) an allowed host name resolved to


def _allowed_address(host, port):
    for scheme in ("http", "https"):
        default = _DEFAULT_PORTS[scheme]
        netloc = host if port == default else f"{host}:{port}"
        if allowed(f"{scheme}://{netloc}"):
            return True
    return False


def _remember(name, port, infos):
    if _allowed_address(str(name).lower().strip("[]"), port):
        with _lock:
            for info in infos:
                _resolved.add((info[4][0], info[4][1]))
    return infos


def _wrap_getaddrinfo(original):
    def getaddrinfo(host, port, *args, **kwargs):
        infos = original(host, port, *args, **kwargs)
        try:
            return _remember(host, int(port or 0), infos)
        except (TypeError, ValueError):
            return infos

    return getaddrinfo


def _check(address):
    if not isinstance(address, tuple) or len(address) < 2:
        return  # unix sockets and the like: not network targets
    ip, port = address[0], address[1]
    with _lock:
        known = (ip, port) in _resolved
    if not known and not _allowed_address(ip.lower(), port):
        raise ConnectionRefusedError(f"{ip}:{port} is not an allowed target (loadTesting.targets.allow)")


def _wrap_connect(cls):
    connect, connect_ex = cls.connect, cls.connect_ex

    def guarded_connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check(address)
        return connect_ex(self, address)

    cls.connect, cls.connect_ex = guarded_connect, guarded_connect_ex


def _install():
    webhook = os.environ.get("LT_WEBHOOK_URL")
    if webhook:
        # the monitor's own deliveries
        PATTERNS.append(_pattern(_origin(webhook) or "x-invalid:"))
    HttpSession.send = _guarded_send
    LocustUserAgent._urlopen = _guarded_fast_urlopen
    for module in {socket, gevent.socket}:
        module.getaddrinfo = _wrap_getaddrinfo(module.getaddrinfo)
    for cls in {socket.socket, gevent.socket.socket}:
        _wrap_connect(cls)


if ACTIVE:
    _install()
