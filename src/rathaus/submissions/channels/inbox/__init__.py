"""The authority's own inbox in Rathaus: the default channel."""
