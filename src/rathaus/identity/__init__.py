"""Citizen login: BundID over SAML 2.0, trust levels, the citizen's identity."""
