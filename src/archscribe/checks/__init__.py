"""Checks: architecture and document in, findings out; one module per rule, pure."""
