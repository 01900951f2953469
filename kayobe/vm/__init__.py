"""Seed and infrastructure VMs: their libvirt definitions from variables."""
