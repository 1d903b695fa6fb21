"""`python -m crawler.cli …`: the `newsarchive` command line."""

from crawler.cli.app import main

main()
