"""A generator of bad invocations: every command, option and import key, fed values that
must be refused, plus foreign, corrupt and unreachable ledgers and views."""
