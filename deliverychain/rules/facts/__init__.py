"""What the rules compute with: the chain as columns and adjacency lists (`context.py`), what
each link is (`linkfacts.py`), routes and the dominator trees over them (`routes.py`,
`dominators.py`), where a route stops (`gaps.py`), and who supports or answers to whom
(`relations.py`). Each is computed once per audit and shared by every rule that asks.
"""
