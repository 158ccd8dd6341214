"""Open a view in headless Chromium with the network off, wait until the graph has settled, read its state and take a
screenshot. Used by the tests and the benchmark; standard library only.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: we write to its fd 3 and read
from its fd 4, messages separated by NUL). Unlike ``--dump-dom --virtual-time-budget``, this keeps the page's clocks
real, so the time to stabilise it records is wall-clock time.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")

#: What the page is asked once it is ready (or the wait timed out).
_STATE = """JSON.stringify({
  nodeCount: Number(document.body.getAttribute('data-node-count')),
  drawn: Number(document.body.getAttribute('data-drawn-count')),
  stabilised: document.body.getAttribute('data-stabilised'),
  stabilisedMs: Number(document.body.getAttribute('data-stabilised-ms')),
  visNodes: (window.kgState ? window.kgState.panels.map(function (p) { return p.network.body.data.nodes.length; }) : []),
  pwned: document.body.hasAttribute('data-pwned') || !!window.kgPwned,
  injectedElements: document.querySelectorAll('img[src="x"], script[src], iframe').length,
  painted: Array.prototype.map.call(document.querySelectorAll('.kg-canvas canvas'), function (c) {
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, ink = 0;
    for (var i = 0; i < d.length; i += 16) { if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) { ink++; } }
    return ink / Math.max(1, d.length / 16);
  }),
  extra: (function () { try { return %s; } catch (e) { return 'error: ' + e; } })(),
  html: document.documentElement.outerHTML
})"""


def find_chromium() -> str | None:
    """The path of a Chromium binary (``$KENNISGRAAF_CHROMIUM`` first), or None."""
    override = os.environ.get("KENNISGRAAF_CHROMIUM")
    if override:
        return shutil.which(override)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageState:
    """What a view reported after loading: counts, whether it settled and when, the DOM, the requests it made."""

    node_count: int
    drawn: int
    stabilised: str
    stabilised_ms: float
    vis_nodes: list[int]
    pwned: bool
    injected_elements: int
    painted: list[float]
    extra: Any
    html: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None


class _Pipe:
    def __init__(self, process: subprocess.Popen, to_chrome: int, from_chrome: int):
        self.process, self.to_chrome, self.from_chrome = process, to_chrome, from_chrome
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60.0) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)


def open_view(html_file: Path | str, *, screenshot: Path | str | None = None, timeout: float = 120.0,
              window: tuple[int, int] = (1400, 900), chromium: str | None = None,
              expression: str = "null", fragment: str = "", prepare: str | None = None,
              pdf: Path | str | None = None) -> PageState:
    """Load ``html_file`` offline in headless Chromium, wait for ``window.kgReady`` and report the page's state.

    ``expression`` (JavaScript) is evaluated in the page once it is ready; its value comes back as ``extra``.
    ``prepare`` (JavaScript, may return a promise) runs first and is awaited, e.g. to inject and run a checker.
    ``fragment`` is appended to the file's URL (the view's shareable state).
    ``painted`` is, per graph canvas, the share of sampled pixels that are not background.
    ``pdf``: also print the page to this PDF file, with the page size its CSS asks for (``@page``).
    ``html_file`` may also be an ``http://127.0.0.1:PORT/…`` URL (a local server such as ``serve``): then loopback is
    reachable and everything else still is not.
    """
    binary = chromium or find_chromium()
    if not binary:
        raise FileNotFoundError("chromium not found (install Debian's `chromium`, or set KENNISGRAAF_CHROMIUM)")
    loopback = str(html_file).startswith(("http://127.0.0.1:", "http://localhost:"))
    url = (str(html_file) if loopback else Path(html_file).resolve().as_uri()) + \
        (f"#{fragment.lstrip('#')}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="kg-chromium-", ignore_cleanup_errors=True) as profile:
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        to_r, from_w = _high(to_r), _high(from_w)  # so that "3<&N 4>&M" cannot clobber one with the other
        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--mute-audio", "--hide-scrollbars", f"--window-size={window[0]},{window[1]}",
                f"--user-data-dir={profile}", "--proxy-server=http://127.0.0.1:9",
                # loopback bypasses the dead proxy only when the page is served from it
                *([] if loopback else ["--proxy-bypass-list=<-loopback>"]),
                "--host-resolver-rules=MAP * ~NOTFOUND" + (", EXCLUDE 127.0.0.1, EXCLUDE localhost" if loopback else ""),
                "--remote-debugging-pipe", "about:blank"]
        command = [shutil.which("bash") or "bash", "-c", f'exec "$@" 3<&{to_r} 4>&{from_w}', "bash", *args]
        log = open(Path(profile) / "chromium.log", "wb")
        process = subprocess.Popen(command, pass_fds=(to_r, from_w), stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=log)
        os.close(to_r)
        os.close(from_w)
        try:
            return _drive(_Pipe(process, to_w, from_r), url, screenshot, timeout, window, expression, prepare,
                          offline=not loopback, pdf=pdf)
        except (RuntimeError, TimeoutError) as exc:
            log.flush()
            tail = (Path(profile) / "chromium.log").read_bytes()[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"{exc}; chromium said:\n{tail}") from None
        finally:
            log.close()
            os.close(to_w)
            os.close(from_r)
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _high(fd: int) -> int:
    """``fd`` moved to a number of at least 10."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


def _drive(pipe: _Pipe, url: str, screenshot: Path | str | None, timeout: float,
           window: tuple[int, int], expression: str, prepare: str | None = None, offline: bool = True,
           pdf: Path | str | None = None) -> PageState:
    target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Network", "Log"):
        pipe.send(f"{domain}.enable", session=session)
    pipe.send("Network.emulateNetworkConditions", {"offline": offline, "latency": 0, "downloadThroughput": -1,
                                                   "uploadThroughput": -1}, session=session)
    pipe.send("Emulation.setDeviceMetricsOverride", {"width": window[0], "height": window[1],
                                                     "deviceScaleFactor": 1, "mobile": False}, session=session)
    pipe.send("Page.navigate", {"url": url}, session=session)
    wait = ("Promise.race([new Promise(function (r) { (function poll() { if (window.kgReady) { window.kgReady.then(r); }"
            " else { setTimeout(poll, 50); } })(); }), new Promise(function (r) { setTimeout(r, %d); })])"
            % int(timeout * 1000))
    pipe.send("Runtime.evaluate", {"expression": wait, "awaitPromise": True, "returnByValue": True},
              session=session, timeout=timeout + 30)
    if prepare:
        pipe.send("Runtime.evaluate", {"expression": prepare, "awaitPromise": True, "returnByValue": True},
                  session=session, timeout=timeout + 30)
    raw = pipe.send("Runtime.evaluate", {"expression": _STATE % expression, "returnByValue": True}, session=session)
    if "value" not in raw.get("result", {}):
        raise RuntimeError(f"the page could not report its state: {raw.get('exceptionDetails', raw)}")
    state = json.loads(raw["result"]["value"])
    shot = None
    if screenshot:
        image = pipe.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        shot = Path(screenshot)
        shot.write_bytes(base64.b64decode(image))
    if pdf:
        printed = pipe.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True},
                            session=session)["data"]
        Path(pdf).write_bytes(base64.b64decode(printed))
    requests = [e["params"]["request"]["url"] for e in pipe.events
                if e.get("method") == "Network.requestWillBeSent"]
    errors = [json.dumps(e["params"]) for e in pipe.events
              if e.get("method") in ("Runtime.exceptionThrown",) or
              (e.get("method") == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")]
    return PageState(state["nodeCount"], state["drawn"], state["stabilised"] or "", state["stabilisedMs"],
                     state["visNodes"], state["pwned"], state["injectedElements"], state["painted"], state["extra"],
                     state["html"], requests, errors,
                     shot)
