"""The GitHub client's HTTP adapter: kept-alive connections, the first of which may be the one
`python -m bot run` opened while it was importing (bot.early_connection)."""

from __future__ import annotations

import os

import requests
import urllib3
from urllib3.util.ssl_ import resolve_cert_reqs

from bot import early_connection
from bot.ca_bundle import ca_bundle


class EarlyHTTPSConnection(urllib3.connection.HTTPSConnection):
    """Connects as urllib3 does, unless the early connection is the one it would make: then that."""

    def connect(self) -> None:
        sock = early_connection.take(self.host, self.port, self.ca_certs or "") if self._plain() else None
        if sock is None:
            super().connect()
            return
        for option in self.socket_options or ():
            sock.setsockopt(*option)
        if self.timeout is None or isinstance(self.timeout, int | float):  # else urllib3's "default"
            sock.settimeout(self.timeout)  # what urllib3 gives the sockets it opens
        self.sock = sock
        self.is_verified = True  # its certificate and host name were checked (early_connection)

    def _plain(self) -> bool:
        """Verified against a CA bundle file and nothing else asked of the TLS layer: the only
        connection the early one can stand in for."""
        return (
            self.proxy is None
            and self.ssl_context is None
            and resolve_cert_reqs(self.cert_reqs) == resolve_cert_reqs("CERT_REQUIRED")
            and bool(self.ca_certs)
            and self.ca_cert_dir is None
            and self.ca_cert_data is None
            and self.cert_file is None
            and self.assert_hostname is None
            and self.assert_fingerprint is None
            and self.server_hostname is None
            and self.ssl_version is None
            and self.ssl_minimum_version is None
            and self.ssl_maximum_version is None
        )


class EarlyHTTPSConnectionPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = EarlyHTTPSConnection


def github_session(pool_size: int) -> requests.Session:
    """One session for GraphQL, REST reads and writes, verified against `ca_bundle()` (requests'
    own choice, made explicit so that the early connection is checked against the same file)."""
    session = requests.Session()
    session.verify = ca_bundle(os.environ)
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size)
    adapter.poolmanager.pool_classes_by_scheme = {
        **adapter.poolmanager.pool_classes_by_scheme,
        "https": EarlyHTTPSConnectionPool,
    }
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
