"""Loopback helpers shared by the tests that start real servers (SMTP, IdP, receivers)."""

from __future__ import annotations

import os
import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fresh_database(url: str, name: str) -> str:
    """For a PostgreSQL DATABASE_URL: an empty database `name` beside it (dropped and made
    anew, so nothing of an earlier run remains), and its URL; other URLs come back as given.

    Servers the tests start as their own processes use it: pytest-django's test database
    is the tests' own, and the configured one must not keep what a run left behind.
    """
    if not url.startswith(("postgres://", "postgresql://")):
        return url
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, … under pytest-xdist
    name = f"{name}_{worker}" if worker else name  # each worker's servers: a database each
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
