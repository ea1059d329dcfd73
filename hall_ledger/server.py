"""Running the ledger under uvicorn: from the command line, or in a thread (tests, demos)."""

from __future__ import annotations

import copy
import logging
import os
import socket
import threading
import time
from pathlib import Path

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from .app import DB_ENV, create_app
from .store import migrate
from .store.db import make_engine, normalize_url

# Idle keep-alive TLS connections otherwise hold shutdown for asyncio's 30 s SSL close wait.
GRACEFUL_SHUTDOWN_SECONDS = 5


ACCESS_LOGGER = "uvicorn.access"


class DropQueryString(logging.Filter):
    """Cut the query string off every access-log record before any handler sees it.

    Query strings carry page tokens, cursors and whatever a client puts there; the access
    log keeps method, path, status and client only. A filter on the logger (not a
    formatter) so it holds for every handler an operator adds."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def access_log_config() -> dict:
    """uvicorn's logging config with DropQueryString on its access logger (also used by the
    worker processes, which configure logging from this dict)."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["no_query"] = {"()": f"{__name__}.DropQueryString"}
    config["loggers"][ACCESS_LOGGER]["filters"] = ["no_query"]
    # One JSON line per request from api/ops.py replaces uvicorn's text access line.
    config["loggers"][ACCESS_LOGGER]["level"] = "WARNING"
    config["formatters"]["json_line"] = {"format": "%(message)s"}
    config["handlers"]["json_access"] = {"class": "logging.StreamHandler",
                                         "formatter": "json_line", "stream": "ext://sys.stdout"}
    config["loggers"]["hall_ledger.access"] = {"handlers": ["json_access"], "level": "INFO",
                                               "propagate": False}
    return config


def drop_query_strings() -> None:
    """Install DropQueryString on the access logger of this process (idempotent)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, DropQueryString) for f in logger.filters):
        logger.addFilter(DropQueryString())


class NotInitialised(RuntimeError):
    """The database has no ledger schema, or an older one."""


def check_tls(cert: str | None, key: str | None) -> None:
    if bool(cert) != bool(key):
        raise ValueError("--tls-cert and --tls-key go together")
    for path in (cert, key):
        if path and not Path(path).is_file():
            raise ValueError(f"no such file: {path}")


def serve(url: str, *, host: str = "127.0.0.1", port: int = 8700, tls_cert: str | None = None,
          tls_key: str | None = None, workers: int = 1, log_level: str = "info") -> None:
    """Serve until interrupted. The schema must be current (counter-ledger init-db)."""
    url = normalize_url(url)
    check_tls(tls_cert, tls_key)
    engine = make_engine(url)
    try:
        if not migrate.is_current(engine):
            raise NotInitialised(
                f"the database at {engine.url.render_as_string(hide_password=True)} has no "
                "current ledger schema; run: counter-ledger init-db --db URL")
    finally:
        engine.dispose()
    options = dict(host=host, port=port, ssl_certfile=tls_cert, ssl_keyfile=tls_key,
                   log_level=log_level, proxy_headers=False, server_header=False,
                   timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
                   log_config=access_log_config())
    if workers > 1:
        os.environ[DB_ENV] = url
        uvicorn.run("hall_ledger.app:create_app_from_env", factory=True, workers=workers,
                    **options)
    else:
        uvicorn.run(create_app(make_engine(url)), **options)


class ThreadedServer:
    """uvicorn on 127.0.0.1 in a background thread, on `port` (0: a free one the kernel picks)."""

    def __init__(self, app, *, host: str = "127.0.0.1", port: int = 0,
                 ssl_certfile: str | None = None,
                 ssl_keyfile: str | None = None, log_config: dict | None = None) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        config = uvicorn.Config(app, log_config=log_config, ssl_certfile=ssl_certfile,
                                ssl_keyfile=ssl_keyfile, timeout_graceful_shutdown=2,
                                server_header=False)
        self.server = uvicorn.Server(config)
        drop_query_strings()
        self.scheme = "https" if ssl_certfile else "http"
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._sock]},
                                        name="ledger-uvicorn", daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> ThreadedServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the ledger server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
