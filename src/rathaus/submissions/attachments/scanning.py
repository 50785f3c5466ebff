"""Virus scan through clamd (INSTREAM), failing closed: no verdict, no upload.

A scanner is a small class with `scan(data)`; `scanner_configured()` picks clamd over a
socket path or host from settings, or none (a laptop demo: files are recorded as not
scanned). Another engine is one more subclass of `Scanner`.
"""

from __future__ import annotations

import io
import logging
from abc import ABC, abstractmethod

import clamdpy
from clamdpy.exceptions import ClamdException
from django.conf import settings

logger = logging.getLogger(__name__)


class Infected(Exception):
    """The scanner found malware; `signature` names it."""

    def __init__(self, signature: str) -> None:
        self.signature = signature
        super().__init__(signature)


class ScannerUnavailable(Exception):
    """The configured scanner gave no verdict (down, timed out, or an error)."""


class Scanner(ABC):
    """Something that says whether bytes carry malware."""

    @abstractmethod
    def scan(self, data: bytes) -> None:
        """Return if clean; raise Infected or ScannerUnavailable."""


class ClamdScanner(Scanner):
    """clamd over a Unix socket or TCP, bytes sent with the INSTREAM command."""

    def __init__(self, client: clamdpy.ClamdUnixSocket | clamdpy.ClamdNetworkSocket) -> None:
        self.client = client

    def scan(self, data: bytes) -> None:
        try:
            result = self.client.instream(io.BytesIO(data), max_chunk_size=64 * 1024)
        except (ClamdException, OSError) as error:
            logger.error("virus scanner unavailable error=%s", error)
            raise ScannerUnavailable(str(error)) from None
        if result.status == "FOUND":
            logger.warning("malware refused signature=%s", result.reason)
            raise Infected(result.reason or "unknown")
        if result.status != "OK":
            # e.g. "INSTREAM size limit exceeded": no verdict, so no upload
            logger.error("virus scanner error reason=%s", result.reason)
            raise ScannerUnavailable(result.reason or result.status)


def scanner_configured() -> Scanner | None:
    """The scanner the settings name, or None when no scanner is set up."""
    timeout = settings.RATHAUS_CLAMD_TIMEOUT
    if settings.RATHAUS_CLAMD_SOCKET:
        return ClamdScanner(
            clamdpy.ClamdUnixSocket(path=settings.RATHAUS_CLAMD_SOCKET, timeout=timeout)
        )
    if settings.RATHAUS_CLAMD_HOST:
        return ClamdScanner(
            clamdpy.ClamdNetworkSocket(
                host=settings.RATHAUS_CLAMD_HOST, port=settings.RATHAUS_CLAMD_PORT, timeout=timeout
            )
        )
    return None
