"""Trường Số core: domain and services, free of Qt."""

__version__ = "0.1.0"
