"""Live sessions: a map shared across rooms on the Yjs CRDT (no Qt).

``layout`` says how a map is laid out in a Yjs document, ``binding`` keeps a ``ValueMap``
and a pycrdt ``Doc`` equal in both directions. See ``docs/live-session-layout.md``.
"""
