"""Storage: what SVX keeps on disk around a map, besides the map itself (no Qt).

Recovery snapshots of unsaved maps (``recovery``), the last saved versions of each file
(``backups``) and the lock that marks a map as open and tells a second opener who has it
(``lock``). ``editing`` and ``ui`` use this layer; it knows no window and no undo stack.
The atomic write itself stays in ``fileformat.save``: ``fileformat.save()`` must be safe on
its own (the command line writes maps without this layer), and storage builds on it.
"""
