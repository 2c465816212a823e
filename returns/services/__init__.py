"""Services own transactions, locking, auditing and outbox rows; callers never touch `state`."""
