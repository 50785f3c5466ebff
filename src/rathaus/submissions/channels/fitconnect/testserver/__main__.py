"""`python -m rathaus.submissions.channels.fitconnect.testserver --state DIR [--port N]`.

Prints one JSON line with the URLs and credentials once it listens, then serves until
stopped (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import uuid
from pathlib import Path
from types import FrameType

from rathaus.submissions.channels.fitconnect.testserver import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_DESTINATION,
    default_schema,
)
from rathaus.submissions.channels.fitconnect.testserver.server import Zustelldienst


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="FIT-Connect-Test-Zustelldienst (Loopback)")
    parser.add_argument("--state", type=Path, required=True, help="Ordner für Schlüssel und Daten")
    parser.add_argument("--port", type=int, default=0, help="0: ein freier Port")
    parser.add_argument("--client-id", default=DEMO_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEMO_CLIENT_SECRET)
    parser.add_argument("--destination", type=uuid.UUID, default=DEMO_DESTINATION)
    parser.add_argument("--schema", type=Path, default=None, help="metadata.schema.v1.0.0.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    arguments = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s %(message)s")
    schema = arguments.schema or default_schema()
    if not schema.is_file():
        sys.exit(f"Metadaten-Schema fehlt: {schema} (--schema oder RATHAUS_DATA_DIR setzen)")
    server = Zustelldienst(
        arguments.state,
        port=arguments.port,
        clients={arguments.client_id: arguments.client_secret},
        destinations=[arguments.destination],
        schema=schema,
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    ready = {
        "url": server.url,
        "token_url": server.url + "/token",
        "client_id": arguments.client_id,
        "destination_id": str(arguments.destination),
    }
    signal.signal(signal.SIGTERM, stop)
    try:
        print(json.dumps(ready), flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
