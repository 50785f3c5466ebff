"""The citizen's form pages: HTML inputs in, typed answers out, widgets for templates."""
