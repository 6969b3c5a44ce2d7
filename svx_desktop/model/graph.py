"""The map's relationship graph and ordered element tables: the storage under ``ValueMap``.

The organisation and the stakeholders are the nodes of a networkx ``MultiDiGraph``; each
flow is an edge keyed by its id, stakeholder → organisation for ``provides`` and back for
``expects``. networkx (a hundred milliseconds of imports) is imported with the first
graph. ``add_stakeholder_nodes`` and ``add_flow_edges`` fill a graph in bulk by writing
networkx's own dicts (a large file loads several times faster than through ``add_edge``),
with the same result. ``insert_at``, ``index_of`` and ``move_to`` keep the element order
that files and tables show in insertion-ordered dicts; ``lookup`` reads one element of
such a table and names what is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from svx_desktop.model.elements import Direction, Flow, Stakeholder
from svx_desktop.model.validation import ModelError

if TYPE_CHECKING:
    import networkx as nx

_E = TypeVar("_E")


def insert_at(d: dict[str, _E], key: str, value: _E, index: int | None) -> None:
    """Insert into an ordered dict at ``index`` (append when None or past the end)."""
    if index is None or index >= len(d):
        d[key] = value
        return
    items = list(d.items())
    items.insert(max(index, 0), (key, value))
    d.clear()
    d.update(items)


def lookup(d: dict[str, _E] | None, key: str, what: str) -> _E:
    """``d[key]``; ``ModelError`` "no <what> with id …" when ``d`` is None or lacks it."""
    value = d.get(key) if d is not None else None
    if value is None:
        raise ModelError(f"no {what} with id {key!r}")
    return value


def index_of(d: dict[str, Any], key: str) -> int:
    for i, k in enumerate(d):
        if k == key:
            return i
    raise KeyError(key)


def move_to(d: dict[str, Any], key: str, index: int, what: str) -> int:
    """Give ``key`` the place ``index`` in an ordered dict; returns its old place. A place
    outside the dict is a ``ModelError`` (``what`` names its entries: "stages")."""
    if not 0 <= index < len(d):
        raise ModelError(f"place {index} is outside the {len(d)} {what}")
    old = index_of(d, key)
    if old != index:
        insert_at(d, key, d.pop(key), index)
    return old


def new_graph(organisation_id: str) -> nx.MultiDiGraph:
    """The relationship graph of a map without stakeholders: the organisation alone.

    networkx (a hundred milliseconds of imports) is imported here, on first use.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_node(organisation_id, kind="organisation")
    return graph


def add_stakeholder_nodes(graph: nx.MultiDiGraph, stakeholders: list[Stakeholder]) -> None:
    """``graph.add_node(s.id, kind="stakeholder")`` for new ids, writing networkx's dicts."""
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    new_adj, new_attrs = graph.adjlist_inner_dict_factory, graph.node_attr_dict_factory
    for s in stakeholders:
        sid = s.id
        succ[sid] = new_adj()
        pred[sid] = new_adj()
        attrs = nodes[sid] = new_attrs()
        attrs["kind"] = "stakeholder"


def add_flow_edges(graph: nx.MultiDiGraph, org: str, flows: list[Flow]) -> None:
    """Add one keyed edge per flow, as ``graph.add_edge(u, v, key=flow.id)`` would.

    Writes networkx's adjacency dicts directly (``_succ``/``_pred``: for a MultiDiGraph,
    ``succ[u][v]`` and ``pred[v][u]`` are the same key dict), which is several times
    faster than 15,000 ``add_edge`` calls when a large file loads. Every endpoint is
    already a node; the result equals adding the edges one by one with ``add_edge``.
    """
    succ, pred = graph._succ, graph._pred
    new_keys, new_attrs = graph.edge_key_dict_factory, graph.edge_attr_dict_factory
    org_succ, org_pred = succ[org], pred[org]
    provides = Direction.PROVIDES
    for f in flows:
        sid = f.stakeholder_id
        if f.direction is provides:  # stakeholder -> organisation
            keys = org_pred.get(sid)
            if keys is None:
                keys = org_pred[sid] = new_keys()
                succ[sid][org] = keys
        else:  # organisation -> stakeholder
            keys = org_succ.get(sid)
            if keys is None:
                keys = org_succ[sid] = new_keys()
                pred[sid][org] = keys
        keys[f.id] = new_attrs()
    import networkx as nx

    clear_cache = getattr(nx, "_clear_cache", None)
    if clear_cache is not None:
        clear_cache(graph)


__all__ = ["add_flow_edges", "add_stakeholder_nodes", "index_of", "insert_at", "new_graph"]
