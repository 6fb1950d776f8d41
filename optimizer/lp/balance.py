"""Where a technology's flows meet: each balance of the LP (a carrier, and for heat a level)
registers how terms join it, and a family joins the node the registry says it gives to
(``Technology.gives``, its spec's ``level``) without naming a carrier.

``register(m, node, add)``: ``add(t, supply, withdrawal)`` puts one hour's terms into the
balance of ``node`` = (carrier, level or None) [model units, MW]. Every node registers in
``nodes.register_nodes`` (``m.node_in``; the carrier generators give keeps ``m.supply`` and
``m.demand`` apart), a supply bought as used in ``supplies.register_used``.
"""

from __future__ import annotations

from collections.abc import Callable

import pyomo.environ as pyo

from parkopt.optimizer.schema.technologies import Technology

Node = tuple[str, str | None]


def register(m: pyo.Block, node: Node, add: Callable) -> None:
    """Let terms join the balance of ``node`` through ``add(t, supply, withdrawal)``."""
    if not hasattr(m, "nodes"):
        m.nodes = {}
    m.nodes[node] = add


def node_of(tech: Technology, spec) -> Node:
    """The balance a technology gives to: its carrier, and its spec's level if it has one."""
    return (tech.gives[0], getattr(spec, "level", None))


def join(m: pyo.Block, tech: Technology, spec, t: int, supply, withdrawal) -> None:
    """Hour t's ``supply`` into and ``withdrawal`` out of the node ``tech`` gives to."""
    m.nodes[node_of(tech, spec)](t, supply, withdrawal)
