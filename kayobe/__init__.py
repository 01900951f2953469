"""Kayobe: deploy containerised OpenStack to bare metal."""

__version__ = "0.1.0"
