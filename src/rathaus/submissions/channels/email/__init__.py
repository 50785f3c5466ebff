"""Deliver by e-mail to the authority's office address."""
