"""Exit codes, in one place: 0 clean, 1 findings at or above the fail level, 2 bad input or usage.

3 is reserved for internal errors (a bug in deliverychain), so CI can tell them apart. Below
every layer: the `chain` command exits with them, and the reports say which one a run gives.
"""

CLEAN = 0
FINDINGS = 1
BAD_INPUT = 2
INTERNAL = 3
