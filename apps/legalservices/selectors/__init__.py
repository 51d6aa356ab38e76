"""Reads for public legal services, split by sub-domain."""
