"""Writes for public legal services, split by sub-domain (search, help, probono, …)."""
