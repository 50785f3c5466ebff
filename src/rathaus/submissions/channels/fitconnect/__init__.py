"""Deliver through FIT-Connect (FITKO's Zustelldienst), and a Zustelldienst to test against.

`channel.py` is the sender (Onlinedienst side of the Submission API v1), `testserver/` a
small Zustelldienst on loopback for tests and the demo. ADR 0008 explains the choices.
"""
