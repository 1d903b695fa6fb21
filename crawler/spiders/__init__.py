"""Spiders: one `SiteSpider` subclass per site definition, made by `loader.SiteSpiderLoader`."""
