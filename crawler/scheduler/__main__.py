"""`python -m crawler.scheduler` — the newsarchive CLI (schedule/runs live there); kept for convenience."""

from crawler.cli import main

if __name__ == "__main__":
    main()
