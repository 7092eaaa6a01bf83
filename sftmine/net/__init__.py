"""The one polite HTTP client (live, record or replay); sites get a `Client`, never a raw session."""

from sftmine.net.base import Reply
from sftmine.net.client import Client
from sftmine.net.config import DEFAULT_DELAYS, USER_AGENT, NetConfig

__all__ = ["DEFAULT_DELAYS", "USER_AGENT", "Client", "NetConfig", "Reply"]
