"""Connected groups of engine layers (float islands, Myelin regions): one union-find."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def connected_groups(members: Sequence[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Split ``members`` into groups joined by ``links`` (pairs of ids; others are ignored).

    Each group keeps the members' order, and groups come in the order of their first member,
    so the result is deterministic whatever order the links come in.

    >>> connected_groups(["L0", "L1", "L2", "L3"], [("L3", "L1"), ("L0", "L9")])
    [['L0'], ['L1', 'L3'], ['L2']]
    """
    rank = {member: i for i, member in enumerate(members)}
    parent = {member: member for member in members}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving
            node = parent[node]
        return node

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = root(a), root(b)
            if ra != rb:
                first, last = sorted((ra, rb), key=rank.__getitem__)
                parent[last] = first
    groups: dict[str, list[str]] = {}
    for member in members:
        groups.setdefault(root(member), []).append(member)
    return list(groups.values())
