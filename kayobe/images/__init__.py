"""Disk images built with diskimage-builder (DIB): IPA deployment images
and overcloud host images, as data (see kayobe/images/dib.py)."""
