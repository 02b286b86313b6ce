"""The `dcledger` command line: parses, calls the ledger service, renders. Decides nothing."""
