"""The citizen's Postfach (messages, questions, decisions, fetch receipts), status monitor."""
