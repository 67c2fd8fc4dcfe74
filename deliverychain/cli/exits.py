"""Exit codes, in one place: 0 clean, 1 findings at or above the fail level, 2 bad input or usage."""

CLEAN = 0
FINDINGS = 1
BAD_INPUT = 2
