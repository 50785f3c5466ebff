"""Rathaus: every administrative service of a Land and its municipalities online."""
