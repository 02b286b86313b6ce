"""dcledger: the event-sourced governance ledger of the IGF Dynamic Coalitions.

The import root joins the repository's top-level folders under one name:
`dcledger.ledger` (the domain), `dcledger.projections` (read models), `dcledger.cli`
(the command line); `dcledger.bootstrap` wires them together.
"""
