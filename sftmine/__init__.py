"""sftmine: mine supervised fine-tuning data for code models."""

__version__ = "0.1.0"
