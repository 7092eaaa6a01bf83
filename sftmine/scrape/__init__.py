"""Scraping a site incrementally into raw problems: watermark per site, atomic shards, a funnel.

`mine_competitive` runs the whole competitive miner: every configured site, then build-tasks.
"""

from sftmine.scrape.config import CompetitiveConfig, SiteConfig
from sftmine.scrape.loop import ScrapeResult, scrape
from sftmine.scrape.output import RAW, merge
from sftmine.scrape.pipeline import MinePaths, MineResult, mine_competitive
from sftmine.scrape.state import ScrapeState
from sftmine.scrape.summary import summary

__all__ = ["RAW", "CompetitiveConfig", "MinePaths", "MineResult", "ScrapeResult", "ScrapeState", "SiteConfig",
           "merge", "mine_competitive", "scrape", "summary"]
