"""Decision documents (Bescheide): restricted templates, PDF/A-3a + PDF/UA letters, the seal.

Other apps use `services` (template writes), `selectors` (variables, contexts),
`render.decision_document`, `seal.decision_seal` and `preview.decision_preview`.
"""
