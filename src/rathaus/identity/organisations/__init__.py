"""Organisation accounts: businesses, associations and municipalities, their members."""
