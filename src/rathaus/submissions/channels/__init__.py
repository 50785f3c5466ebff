"""The delivery channels that come with Rathaus, one folder each (docs/how-to/channel.md)."""
