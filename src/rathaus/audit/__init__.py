"""The append-only audit trail: who read or changed what, when and why, in a hash chain."""
