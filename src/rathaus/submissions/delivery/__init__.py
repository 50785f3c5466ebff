"""Handing submissions to the responsible authority: outbox, retries and channel plugins."""
