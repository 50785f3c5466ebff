"""Small building blocks shared by every app (no models, no views)."""
