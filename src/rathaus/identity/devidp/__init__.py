"""A development BundID: a SAML IdP with the simulator's test persons (demo and tests only)."""
