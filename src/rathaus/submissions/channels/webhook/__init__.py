"""Deliver as a signed JSON POST to the authority's own system."""
