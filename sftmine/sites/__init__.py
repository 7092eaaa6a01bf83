"""One module per judge; each registers a `Site` (see `base.py`)."""

from sftmine.records import RawProblem
from sftmine.sites.base import Site, get_site, register_site, site_for_url, site_names

__all__ = ["RawProblem", "Site", "get_site", "register_site", "site_for_url", "site_names"]
