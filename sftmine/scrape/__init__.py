"""Scraping a site incrementally into raw problems: watermark per site, atomic shards, a funnel."""

from sftmine.scrape.loop import ScrapeResult, scrape
from sftmine.scrape.output import RAW, merge
from sftmine.scrape.state import ScrapeState

__all__ = ["RAW", "ScrapeResult", "ScrapeState", "merge", "scrape"]
