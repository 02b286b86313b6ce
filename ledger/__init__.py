"""dcledger's domain: events, aggregates, the fold that turns facts into state, the rules."""
