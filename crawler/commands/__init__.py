"""Scrapy commands of the project (`COMMANDS_MODULE` in crawler/settings.py): they replace Scrapy's own by name."""
