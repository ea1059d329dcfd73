"""Why `counter-app ledger connect` could not reach the ledger, in words a technician can act on
(TLS against plain HTTP and back, port closed, unknown host, untrusted certificate, no answer,
refused token) instead of an exception class name such as `ConnectError`."""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

from .text import tr

PROBE_TIMEOUT = 3.0


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and every exception it was raised from (httpx -> httpcore -> ssl/socket)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _speaks_tls(host: str, port: int, timeout: float) -> bool:
    """Does host:port complete a TLS handshake (any certificate)?"""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, \
                context.wrap_socket(raw, server_hostname=host):
            return True
    except (OSError, ssl.SSLError):
        return False


def _speaks_plain_http(host: str, port: int, timeout: float) -> bool:
    """Does host:port answer a plain HTTP request?"""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(f"HEAD / HTTP/1.0\r\nHost: {host}\r\n\r\n".encode("ascii"))
            return sock.recv(5) == b"HTTP/"
    except OSError:
        return False


def explain(exc: BaseException, url: str, *, timeout: float = PROBE_TIMEOUT) -> str:
    """One sentence on what failed when connecting to `url` (the error `exc` from LedgerClient)."""
    from ..adapters.ledger_client import LedgerAuthError

    chain = _chain(exc)
    if any(isinstance(e, LedgerAuthError) for e in chain):
        return tr("the ledger refused the token (wrong or withdrawn): ask IT for this counter's token")
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = 443 if parts.scheme == "https" else 80
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain).lower()

    if any(isinstance(e, ssl.SSLCertVerificationError) for e in chain) \
            or "certificate verify failed" in text:
        detail = next((e.verify_message for e in chain
                       if isinstance(e, ssl.SSLCertVerificationError) and e.verify_message),
                      "certificate verify failed")
        return tr("the ledger's certificate is not trusted ({detail}): pass --ca FILE with its CA "
                  "certificate", detail=detail)
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service not known" in text \
            or "nodename nor servname" in text or "temporary failure in name resolution" in text:
        return tr("the host name {host} is not known (DNS): check the URL", host=host)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "connection refused" in text:
        return tr("nothing listens on {host} port {port} (connection refused): is the ledger "
                  "running?", host=host, port=port)
    if names & {"ConnectTimeout", "ReadTimeout", "WriteTimeout", "PoolTimeout", "TimeoutError"}:
        return tr("no answer from {host} within {seconds} s (a firewall, or the wrong address)",
                  host=host, seconds=f"{timeout:g}")
    if parts.scheme == "https" and (any(isinstance(e, ssl.SSLError) for e in chain)
                                    or "ssl" in text or "tls" in text) \
            and _speaks_plain_http(host, port, timeout):
        return tr("the ledger at {url} speaks plain HTTP, not TLS: use http:// (or turn TLS on at "
                  "the ledger)", url=url)
    if parts.scheme == "http" and _speaks_tls(host, port, timeout):
        return tr("the ledger at {url} answers with TLS: use https://", url=url)
    detail = next((str(e) for e in reversed(chain) if str(e)), type(exc).__name__)
    return tr("the connection failed: {detail}", detail=detail)
