"""Citizen search over the service catalogue (see docs/adr/0003-search.md)."""
