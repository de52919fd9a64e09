"""Reliability and security: hostile input, bounded work, nothing lost, same bytes every time."""
