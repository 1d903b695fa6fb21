"""`python -m crawler.demo --port 8765`: serve the demo news site until Ctrl-C."""

from __future__ import annotations

import argparse

from crawler.demo.server import serve


def main(argv: list[str] | None = None) -> None:
    """Parse --host/--port and serve."""
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description="Serve the 데모뉴스 demo site.")
    parser.add_argument("--port", type=int, default=8765, help="port (0 = any free port; default 8765)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    args = parser.parse_args(argv)
    serve(port=args.port, host=args.host)


if __name__ == "__main__":
    main()
